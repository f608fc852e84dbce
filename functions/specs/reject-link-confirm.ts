import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'rejectLinkConfirm',
  method: 'POST',
  path: '/r/{token}',
  summary: 'Tek tıkla ret linki: reddi kaydet (kaynak IYS_EPOSTA)',
  tag: 'İLETİ ViA',
  auth: 'none',
  formBody: true,
  responses: { 200: { description: 'HTML sayfa' }, 410: { description: 'Geçersiz link (HTML)' } },
});

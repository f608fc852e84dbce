import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'rejectLinkPage',
  method: 'GET',
  path: '/r/{token}',
  summary: 'Tek tıkla ret linki: onay sayfası',
  tag: 'İLETİ ViA',
  auth: 'none',
  responses: { 200: { description: 'HTML sayfa' }, 410: { description: 'Geçersiz link (HTML)' } },
});

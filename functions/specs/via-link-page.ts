import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'viaLinkPage',
  method: 'GET',
  path: '/v/{requestId}/{token}',
  summary: 'VİA kısa link / onay linki: alıcının onay sayfası (HTML)',
  tag: 'İLETİ ViA',
  auth: 'none',
  responses: { 200: { description: 'HTML sayfa' }, 410: { description: 'Geçersiz link (HTML)' } },
});

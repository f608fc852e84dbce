import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'viaPassLinkConfirm',
  method: 'POST',
  path: '/vp/{token}',
  summary: 'ViA PASS kısa linki: alıcının onayı (bir kez; 24 saat geçerli)',
  tag: 'ViA PASS',
  auth: 'none',
  formBody: true,
  responses: { 200: { description: 'HTML sayfa' }, 410: { description: 'Geçersiz link (HTML)' } },
});

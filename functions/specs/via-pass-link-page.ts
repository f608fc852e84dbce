import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'viaPassLinkPage',
  method: 'GET',
  path: '/vp/{token}',
  summary: 'ViA PASS kısa linki: alıcının onay sayfası (HTML; açmak bir şey değiştirmez)',
  tag: 'ViA PASS',
  auth: 'none',
  responses: { 200: { description: 'HTML sayfa' }, 410: { description: 'Geçersiz link (HTML)' } },
});

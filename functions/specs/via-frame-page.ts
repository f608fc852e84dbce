import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'viaFramePage',
  method: 'GET',
  path: '/widget/frame/{widgetUUID}',
  summary:
    'ViA Frame widget’ının sayfası (iframe içinde; Türkçe onay formu). Yalnızca widget’ın kökenleri gömebilir (CSP frame-ancestors); satır içi betik yok.',
  tag: 'VİA FRAME',
  auth: 'none',
  responses: {
    200: { description: 'HTML sayfa' },
    404: { description: 'X090', schema: errorBody },
  },
});

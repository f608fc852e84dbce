import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'load-widget-loader',
  method: 'GET',
  path: '/widget/load-widgetloader/{widgetUUID}',
  summary:
    'VİA Frame Load Widget Loader: sağlayıcının sayfasına konan betik (application/javascript). id’si widgetUUID olan öğeye widget’ı bir iframe olarak yerleştirir.',
  tag: 'VİA FRAME',
  auth: 'none',
  responses: {
    200: { description: 'JavaScript kaynak kodu (widget loader)' },
    404: { description: 'X090', schema: errorBody },
  },
});

import { defineSpec } from '../http/operation.js';
import { loadWidgetQuery, loadWidgetResponse } from '../schemas/frame.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'load-widget-js',
  method: 'GET',
  path: '/widget/load-widget/{widgetUUID}',
  summary:
    'VİA Frame Load Widget JS: publicKey nonce’u ile (sorgu parametresi apinoncekey; İYS belgesi onu yolun içine yazar) widget oturumunu açar: nonce harcanır, cookieKey ve csrfToken verilir, çerçevenin yolu döner.',
  tag: 'VİA FRAME',
  auth: 'none',
  query: loadWidgetQuery,
  responses: {
    200: { description: 'İşlem Başarılı', schema: loadWidgetResponse },
    403: {
      description: 'X091: başka köken; X092: nonce geçersiz, süresi dolmuş veya kullanılmış',
      schema: errorBody,
    },
    404: { description: 'X090', schema: errorBody },
    422: { description: 'X008: apinoncekey is not a nonce', schema: errorBody },
  },
});

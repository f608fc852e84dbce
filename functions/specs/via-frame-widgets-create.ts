import { defineSpec } from '../http/operation.js';
import { widgetDefinitionBody, widgetView } from '../schemas/frame.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'createViaFrameWidget',
  method: 'POST',
  path: '/sps/{iysCode}/via/widgets',
  summary:
    'ViA Frame widget tanımla: markalar, kanallar (ETK) ve KVK onayları, alıcı tipi, doğrulama tipleri, gömebilecek kökenler, metinler. Yanıtta widgetUUID ve sayfaya konacak HTML.',
  tag: 'VİA FRAME',
  auth: 'bearer',
  rights: { actors: ['HS'], mode: 'write' },
  body: widgetDefinitionBody,
  responses: {
    201: { description: 'Widget tanımlandı', schema: widgetView },
    404: { description: 'H018: markalardan biri sağlayıcının değil', schema: errorBody },
    422: { description: 'X008, X049, X094', schema: errorBody },
  },
});

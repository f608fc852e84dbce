import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'viaFrameAsset',
  method: 'GET',
  path: '/widget/assets/{file}',
  summary: 'ViA Frame widget’ının betiği ve stil dosyası: frame.js, frame.css',
  tag: 'VİA FRAME',
  auth: 'none',
  responses: {
    200: { description: 'JavaScript or CSS' },
    404: { description: 'X002: no such file', schema: errorBody },
  },
});

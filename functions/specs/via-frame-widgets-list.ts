import { defineSpec } from '../http/operation.js';
import { widgetListResponse } from '../schemas/frame.js';

export const spec = defineSpec({
  operationId: 'listViaFrameWidgets',
  method: 'GET',
  path: '/sps/{iysCode}/via/widgets',
  summary: 'Sağlayıcının ViA Frame widget’ları (widgetUUID, ne istediği, kökenleri, gömme HTML’i).',
  tag: 'VİA FRAME',
  auth: 'bearer',
  rights: { actors: ['HS'], mode: 'read' },
  responses: { 200: { description: 'Widget’lar', schema: widgetListResponse } },
});

import { defineSpec } from '../http/operation.js';
import { viaFormsResponse } from '../schemas/via.js';

export const spec = defineSpec({
  operationId: 'listViaForms',
  method: 'GET',
  path: '/via/sps/{iysCode}/forms',
  summary: 'VİA formlarını listele [uzantı]',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: { 200: { description: 'Formlar', schema: viaFormsResponse } },
});

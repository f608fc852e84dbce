import { defineSpec } from '../http/operation.js';
import { brandCreated, createBrandBody } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'createBrand',
  method: 'POST',
  path: '/sps/{iysCode}/brands',
  summary: 'Alt marka (tescilli marka) ekle; kendi izinleri ve en fazla 3 SMS kısa adıyla.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['HS', 'OPERATOR'], mode: 'write' },
  body: createBrandBody,
  responses: {
    201: { description: 'Marka eklendi', schema: brandCreated },
    400: { description: 'H363', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001', schema: errorBody },
    409: { description: 'X029', schema: errorBody },
    422: { description: 'X007, X008, X028', schema: errorBody },
  },
});

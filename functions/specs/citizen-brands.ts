import { defineSpec } from '../http/operation.js';
import { citizenBrandAdd, recordedChange } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'citizenBrandAdd',
  method: 'POST',
  path: '/citizen/brands',
  summary: 'Alıcı: bir markayı kendisi ekle (ONAY, kaynak IYS_WEB_YENI; ad yalnızca marka sahibine görünür)',
  tag: 'ALICI',
  auth: 'citizen',
  body: citizenBrandAdd,
  responses: {
    201: { description: 'Eklendi', schema: recordedChange },
    401: { description: 'X042', schema: errorBody },
    404: { description: 'H018', schema: errorBody },
    409: { description: 'X043', schema: errorBody },
    422: { description: 'H111, H117, H464, X049', schema: errorBody },
  },
});

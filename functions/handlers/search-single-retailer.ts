import { searchSingleRetailer } from '../app/retailers.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { retailerView } from '../schemas/retailers.js';

export const operation = defineOperation({
  operationId: 'searchSingleRetailer',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}',
  summary: 'Bayi sorgulama (İYS gibi, bayi yoksa da 200 ve boş nesne).',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Bayi', schema: retailerView.partial() },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: { description: 'H267 (retailerCode tamsayı değil)', schema: errorBody },
  },
  run: async (req) => {
    const raw = req.path.retailerCode ?? '';
    if (!/^\d{1,9}$/.test(raw)) throw IysError.of('H267', { location: ['retailerCode'], value: raw });
    return json(
      200,
      await searchSingleRetailer(
        { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
        Number(raw),
      ),
    );
  },
});

export const handler = apiHandler(operation);

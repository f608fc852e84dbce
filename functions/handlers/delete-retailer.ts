import { deleteRetailer } from '../app/retailers.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'deleteRetailer',
  method: 'DELETE',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}',
  summary: 'Bayi sil: yalnızca hiçbir izinle ilişkili olmayan bayi silinebilir.',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  responses: {
    200: { description: 'Başarı (text/plain)' },
    400: { description: 'X020 (bayi bir izinle ilişkili)', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018, H058', schema: errorBody },
  },
  run: async (req) => {
    const raw = req.path.retailerCode ?? '';
    if (!/^\d{1,9}$/.test(raw)) throw IysError.of('H267', { location: ['retailerCode'], value: raw });
    await deleteRetailer({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, Number(raw));
    return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', data: 'Başarı' } };
  },
});

export const handler = apiHandler(operation);

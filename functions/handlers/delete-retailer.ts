import { deleteRetailer } from '../app/retailers.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/delete-retailer.js';

export const operation = implement(spec, async (req) => {
  const raw = req.path.retailerCode ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw IysError.of('H267', { location: ['retailerCode'], value: raw });
  await deleteRetailer({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, Number(raw));
  return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', data: 'Başarı' } };
});

export const handler = apiHandler(operation);

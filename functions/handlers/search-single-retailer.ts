import { searchSingleRetailer } from '../app/retailers.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/search-single-retailer.js';

export const operation = implement(spec, async (req) => {
  const raw = req.path.retailerCode ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw IysError.of('H267', { location: ['retailerCode'], value: raw });
  return json(
    200,
    await searchSingleRetailer({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, Number(raw)),
  );
});

export const handler = apiHandler(operation);

import { parseRetailerCode } from '../domain/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/delete-retailer.js';
import { awsRetailers } from '../wiring/retailers.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const retailers = awsRetailers();

export const operation = implement(spec, async (req) => {
  await retailers.deleteRetailer(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    parseRetailerCode(req.path.retailerCode),
  );
  return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', data: 'Başarı' } };
});

export const handler = apiHandler(operation);

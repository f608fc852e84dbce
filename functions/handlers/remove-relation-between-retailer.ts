import { changeManyConsents } from '../app/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/remove-relation-between-retailer.js';

export const operation = implement(spec, async (req) => {
  await changeManyConsents({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body, {
    kind: 'remove',
    codes: req.body.retailerAccess,
  });
  return json(202);
});

export const handler = apiHandler(operation);

import { changeManyConsents } from '../app/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/remove-relations-between-retailers-and-consents.js';

export const operation = implement(spec, async (req) => {
  await changeManyConsents({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body, {
    kind: 'removeAll',
  });
  return json(202);
});

export const handler = apiHandler(operation);

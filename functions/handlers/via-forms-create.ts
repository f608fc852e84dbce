import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-forms-create.js';
import { awsVia } from '../wiring/via.js';

/** The composition root: the ViA use cases and their AWS ports, built once per cold start. */
const via = awsVia();

export const operation = implement(spec, async (req) => {
  const {
    iysCode: _i,
    createdBy: _c,
    ...form
  } = await via.createForm(req.codes.iysCode!, req.body, {
    actor: req.identity!.username,
  });
  return json(200, form);
});

export const handler = apiHandler(operation);

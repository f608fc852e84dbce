import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-forms-list.js';
import { awsViaReads } from '../wiring/via-reads.js';

/** The composition root: ViA's reads and their AWS ports (no write path), built once per cold start. */
const via = awsViaReads();

export const operation = implement(spec, async (req) => {
  const forms = await via.listForms(req.codes.iysCode!);
  return json(200, { list: forms.map(({ iysCode: _i, createdBy: _c, ...f }) => f) });
});

export const handler = apiHandler(operation);

import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-pass-templates-list.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) =>
  json(
    200,
    { data: await viaPass.listTemplates(req.codes.iysCode!), message: 'Şablonlar başarıyla getirildi.' },
    { trace_id: req.requestId },
  ),
);

export const handler = apiHandler(operation);

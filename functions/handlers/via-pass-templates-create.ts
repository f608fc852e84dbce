import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-pass-templates-create.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) =>
  json(
    201,
    {
      data: await viaPass.createTemplate(req.codes.iysCode!, req.body, req.identity!),
      message: 'Şablon başarıyla oluşturuldu.',
    },
    { trace_id: req.requestId },
  ),
);

export const handler = apiHandler(operation);

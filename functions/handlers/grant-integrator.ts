import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/grant-integrator.js';
import { awsIntegrators } from '../wiring/integrators.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const integrators = awsIntegrators();

export const operation = implement(spec, async (req) => {
  const b = req.body;
  const channels = Object.fromEntries(
    (['MESAJ', 'ARAMA', 'EPOSTA'] as const).filter((c) => b[c]).map((c) => [c, b[c]!]),
  );
  const result = await integrators.grantIntegrator(req.codes.iysCode!, req.codes.integratorCode!, {
    brandCode: b.brandCode,
    channels,
    agreementControl: b.agreementControl,
  });
  return json(200, {
    result,
    iysCode: req.codes.iysCode,
    integratorCode: req.codes.integratorCode,
    brandCode: b.brandCode,
    ...channels,
  });
});

export const handler = apiHandler(operation);

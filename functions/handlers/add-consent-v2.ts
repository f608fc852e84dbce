import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/add-consent-v2.js';
import { awsConsents } from '../wiring/consents.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const consents = awsConsents();

export const operation = implement(spec, async (req) => {
  const r = await consents.recordConsent(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    req.body,
    {
      actor: 'HS',
      now: clock.now(),
      repeat: { kind: 'v2' },
    },
  );
  return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
});

export const handler = apiHandler(operation);

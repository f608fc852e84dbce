import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-consents-change.js';
import { awsCitizens } from '../wiring/citizens.js';

/** The composition root: the recipient use cases and their AWS ports, built once per cold start. */
const citizens = awsCitizens();

export const operation = implement(spec, async (req) => {
  const source = req.headers['x-channel']?.toLowerCase() === 'mobile' ? 'IYS_MOBIL' : 'IYS_WEB';
  const r = await citizens.changeOwnConsent(req.citizen!, req.body, source, clock.now());
  return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
});

export const handler = apiHandler(operation);

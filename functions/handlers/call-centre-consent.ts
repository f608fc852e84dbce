import { clock } from '../adapters/clock.js';
import { checkChannel, parseAddress } from '../domain/citizen.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/call-centre-consent.js';
import { awsCitizens } from '../wiring/citizens.js';

/** The composition root: the recipient use cases and their AWS ports, built once per cold start. */
const citizens = awsCitizens();

export const operation = implement(spec, async (req) => {
  const address = parseAddress(req.body.recipient);
  checkChannel(address, req.body.type);
  const { recipient: _r, ...t } = req.body;
  const r = await citizens.changeConsent(address.value, t, 'IYS_CM', clock.now(), undefined, {
    allowCreate: true,
  });
  return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
});

export const handler = apiHandler(operation);

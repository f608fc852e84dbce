import { clock } from '../adapters/clock.js';
import { changeConsent } from '../app/citizens.js';
import { checkChannel, parseAddress } from '../domain/citizen.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/call-centre-consent.js';

export const operation = implement(spec, async (req) => {
  const address = parseAddress(req.body.recipient);
  checkChannel(address, req.body.type);
  const { recipient: _r, ...t } = req.body;
  const r = await changeConsent(address.value, t, 'IYS_CM', clock.now(), undefined, { allowCreate: true });
  return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
});

export const handler = apiHandler(operation);

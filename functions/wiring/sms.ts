import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import { logger } from '../adapters/logger.js';
import { send } from '../adapters/outbox.js';
import { brandOwner } from '../adapters/registry-store.js';
import { brandsByShortName } from '../adapters/short-names.js';
import { type SmsUseCases, smsUseCases } from '../app/sms.js';
import { awsCitizens } from './citizens.js';

/** The inbound SMS over AWS: the registry's brand look-ups, the recipient-side consent change, the outbox. */
export function awsSms(): SmsUseCases {
  return smsUseCases({
    brandOwner,
    brandsByShortName,
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    changeConsent: awsCitizens().changeConsent,
    sendSms: (to, text, now) => send({ channel: 'SMS', to, text }, now),
    now: () => clock.now(),
    log: logger,
  });
}

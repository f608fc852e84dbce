import { openText, sealText } from '../adapters/citizen-session.js';
import { clock } from '../adapters/clock.js';
import { getStates } from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import * as links from '../adapters/link-store.js';
import { type LinkUseCases, linkUseCases } from '../app/links.js';
import { awsCitizens } from './citizens.js';
import { awsConsents } from './consents.js';

/**
 * The reject links over AWS: the links in the Registry table, addresses sealed under İYS's own key, the
 * consent keys and states, the recipient-side consent change.
 */
export function awsLinks(): LinkUseCases {
  const { consentKeys } = awsConsents();
  return linkUseCases({
    provider: (iysCode) => directory.provider(iysCode),
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    consentKeys,
    states: getStates,
    layout: links,
    putLinks: links.putLinks,
    getLink: links.getLink,
    markUsed: links.markUsed,
    sealAddress: (address) => sealText(address, 'link'),
    openAddress: (sealed) => openText(sealed, 'link'),
    changeConsent: awsCitizens().changeConsent,
    now: () => clock.now(),
  });
}

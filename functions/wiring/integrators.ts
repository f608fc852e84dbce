import { getIntegratorSubscription, putGrant, removeGrant } from '../adapters/application-store.js';
import { directory, forgetDirectory } from '../adapters/directory.js';
import { getIntegrator, getProviders, listGrants } from '../adapters/registry-store.js';
import { type IntegratorUseCases, integratorUseCases } from '../app/integrators.js';

/** The integrator use cases over AWS: the registry table and the cached directory. */
export function awsIntegrators(): IntegratorUseCases {
  return integratorUseCases({
    listGrants,
    providers: getProviders,
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    integrator: getIntegrator,
    integratorSubscription: getIntegratorSubscription,
    putGrant,
    removeGrant,
    forgetGrants: forgetDirectory,
  });
}

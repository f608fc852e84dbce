import { listProviderUsers, nextCode, updateUser } from '../adapters/application-store.js';
import { clock } from '../adapters/clock.js';
import { forgetDirectory } from '../adapters/directory.js';
import { createBrand, listBrands } from '../adapters/registry-store.js';
import { indexShortNames } from '../adapters/short-names.js';
import { type AdminUseCases, adminUseCases } from '../app/admin.js';
import { userUseCases } from '../app/onboarding.js';
import { awsUserPorts } from './users.js';

/** A provider's administration over AWS: the Registry table, the short-name index, the cached directory. */
export function awsAdmin(): AdminUseCases {
  const users = awsUserPorts();
  return adminUseCases({
    now: () => clock.now(),
    brands: listBrands,
    nextCode,
    putBrand: createBrand,
    indexShortNames,
    forgetBrands: forgetDirectory,
    providerUsers: listProviderUsers,
    user: users.user,
    createUser: userUseCases(users).createUser,
    updateUser,
    hashPassword: users.hashPassword,
  });
}

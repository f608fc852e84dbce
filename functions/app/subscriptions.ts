import type { ProviderItem } from '../adapters/registry-store.js';
import * as store from '../adapters/subscription-store.js';
import { IysError } from '../domain/errors.js';
import { mayAddAddress, type Subscription, subscriptionView } from '../domain/subscription.js';
import { clearDirectoryCache, directory } from './directory.js';

/**
 * Subscription use cases: the consent limit (H525) that recordConsent applies to a NEW recipient address,
 * the count behind `usedConsentLimit`, and the get-subscription answers.
 */

/**
 * Before a new consent key is written: is its address new for the provider, and may it be added?
 * Existing addresses cost one read; only a new address also reads the counter. Concurrent writers of
 * different new addresses can pass the limit by at most their number (documented in docs/onboarding.md).
 */
export async function consentLimitGate(
  provider: ProviderItem,
  ridx: string,
  opts: { enforce: boolean; index?: number },
): Promise<{ newAddress: boolean }> {
  if (await store.addressClaimed(provider.iysCode, ridx)) return { newAddress: false };
  const sub = provider.subscription as Subscription | undefined;
  if (opts.enforce && sub && !sub.consentLimitExceed) {
    const used = await store.usedAddresses(provider.iysCode);
    if (!mayAddAddress(sub, used))
      throw IysError.of('H525', { ...(opts.index !== undefined ? { index: opts.index } : {}) });
  }
  return { newAddress: true };
}

/** After the consent committed: count the address once. */
export async function countAddress(iysCode: number, ridx: string): Promise<void> {
  await store.claimAddress(iysCode, ridx);
}

export async function providerSubscription(iysCode: number, forIntegrator: boolean) {
  const provider = await directory.provider(iysCode);
  if (!provider) throw IysError.of('H001', { vars: { iysCode } });
  const sub = provider.subscription as Subscription | undefined;
  if (!sub) throw IysError.of('H437', { message: `IYS numarası:${iysCode} ile abonelik bulunamadı.` }, 404);
  const used = forIntegrator ? 0 : await store.usedAddresses(iysCode);
  return subscriptionView(iysCode, sub, { createdAt: provider.createdAt }, used, forIntegrator);
}

/** Operator change of a subscription; the directory cache is dropped so the gate sees it at once here. */
export async function changeSubscription(iysCode: number, sub: Subscription): Promise<void> {
  if (!(await store.setSubscription(iysCode, sub))) throw IysError.of('H001', { vars: { iysCode } });
  clearDirectoryCache();
}

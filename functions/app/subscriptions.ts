import * as consentStore from '../adapters/consent-store.js';
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
 * Before a new consent key is written: may the provider take it under its package's consent limit (H525)?
 * The limit counts recipient addresses: an address the provider already holds (one read of the recipient
 * index) always passes; a new one passes while `usedConsentLimit` is below the limit. The count itself grows
 * on the stream (functions/app/movements.ts: a new recipient-index item is a new address), so concurrent new
 * addresses can pass the limit by the few the stream has not counted yet (docs/onboarding.md).
 */
export async function consentLimitGate(
  provider: ProviderItem,
  ridx: string,
  opts: { enforce: boolean; index?: number },
): Promise<void> {
  const sub = provider.subscription as Subscription | undefined;
  if (!opts.enforce || !sub || sub.consentLimitExceed) return;
  if (await consentStore.providerHoldsAddress(ridx, provider.iysCode)) return;
  const used = await store.usedAddresses(provider.iysCode);
  if (!mayAddAddress(sub, used))
    throw IysError.of('H525', { ...(opts.index !== undefined ? { index: opts.index } : {}) });
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

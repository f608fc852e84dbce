import type { ProviderItem } from '../adapters/registry-store.js';
import { IysError } from '../domain/errors.js';
import { type Subscription, subscriptionView } from '../domain/subscription.js';

/**
 * Subscription use cases: the consent limit (H525) that recordConsent applies to a NEW recipient address,
 * the count behind `usedConsentLimit`, and the get-subscription answers.
 */

/** What the H525 gate needs: the addresses among those asked that the provider holds, and its count. */
export interface AddressUsage {
  held: string[];
  used: number;
}

export interface SubscriptionPorts {
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  /** Which of these registry indexes the provider holds (one BatchGetItem per 100). */
  heldAddresses(ridxs: string[], iysCode: number): Promise<string[]>;
  /** How many addresses the provider holds (usedConsentLimit). */
  usedAddresses(iysCode: number): Promise<number>;
  /** false when there is no such provider. */
  setSubscription(iysCode: number, sub: Subscription): Promise<boolean>;
  /** A change made here is seen at once by this container's look-ups. */
  forgetProviders(): void;
}

export function subscriptionUseCases(ports: SubscriptionPorts) {
  /**
   * The provider's address usage for a batch's new consent keys: one BatchGetItem per 100 addresses and one
   * read of the count, together. The count grows on the stream (functions/app/movements.ts: a new
   * recipient-index item is a new address), so concurrent batches can pass the limit by the few addresses
   * the stream has not counted yet (docs/onboarding.md); within one batch the new addresses are counted.
   */
  async function addressUsage(iysCode: number, ridxs: string[]): Promise<AddressUsage> {
    const [held, used] = await Promise.all([
      ports.heldAddresses(ridxs, iysCode),
      ports.usedAddresses(iysCode),
    ]);
    return { held, used };
  }

  async function providerSubscription(iysCode: number, forIntegrator: boolean) {
    const provider = await ports.provider(iysCode);
    if (!provider) throw IysError.of('H001', { vars: { iysCode } });
    const sub = provider.subscription as Subscription | undefined;
    if (!sub) throw IysError.of('H437', { message: `IYS numarası:${iysCode} ile abonelik bulunamadı.` }, 404);
    const used = forIntegrator ? 0 : await ports.usedAddresses(iysCode);
    return subscriptionView(iysCode, sub, { createdAt: provider.createdAt }, used, forIntegrator);
  }

  /** Operator change of a subscription; the look-ups are dropped so the gate sees it at once here. */
  async function changeSubscription(iysCode: number, sub: Subscription): Promise<void> {
    if (!(await ports.setSubscription(iysCode, sub))) throw IysError.of('H001', { vars: { iysCode } });
    ports.forgetProviders();
  }

  return { addressUsage, providerSubscription, changeSubscription };
}

export type SubscriptionUseCases = ReturnType<typeof subscriptionUseCases>;

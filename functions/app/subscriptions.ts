import type { ProviderItem } from '../adapters/registry-store.js';
import type { SubscriptionChange, SubscriptionRecord } from '../adapters/subscription-store.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import { IysError } from '../domain/errors.js';
import {
  changedFields,
  type Subscription,
  subscriptionErrors,
  subscriptionView,
  type ViaPackage,
  viaView,
} from '../domain/subscription.js';
import type { SubscriptionChangeBody } from '../schemas/subscription.js';

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
  /** The provider's subscription and its version, read consistently; undefined when there is no provider. */
  subscriptionRecord(iysCode: number): Promise<SubscriptionRecord | undefined>;
  /** The change and its history item together; false when the version moved on meanwhile. */
  recordChange(change: SubscriptionChange): Promise<boolean>;
  /** History items newest first, older than the version `before`. */
  history(iysCode: number, limit: number, before?: number): Promise<SubscriptionChange[]>;
  /** A change made here is seen at once by this container's look-ups (others within the directory's TTL). */
  forgetProviders(): void;
  /**
   * The ViA package as it is now (a consistent read of the profile): ViA spends credits on the profile item,
   * so the cached provider can be a minute behind. Without it the cached package is shown.
   */
  viaPackage?(iysCode: number): Promise<Subscription['via'] | undefined>;
  /** The audit line of a change (structured log: who, what, which fields; never the reason's text). */
  audited(change: Pick<SubscriptionChange, 'iysCode' | 'version' | 'changedBy' | 'fields'>): void;
}

/** Who changes a subscription, why, and from which version (when the operator names one). */
export interface ChangeContext {
  by: string;
  reason: string;
  expectedVersion?: number;
  now: Date;
  requestId: string;
}

/** The operator's wire form (get-subscription's words) as the stored subscription. */
type PackageChange = NonNullable<SubscriptionChangeBody['viaSubscriptionPackage']>;
const packageOfChange = (p: PackageChange): ViaPackage => ({
  packageName: p.viaSubscriptionPackageName,
  credit: p.viaCredit,
  status: p.status as Subscription['status'],
  ...(p.viaSubscriptionId !== undefined ? { subscriptionId: p.viaSubscriptionId } : {}),
  ...(p.startDate !== undefined ? { startDate: p.startDate } : {}),
  ...(p.expirationDate !== undefined ? { expirationDate: p.expirationDate } : {}),
});

export function subscriptionOfChange(body: SubscriptionChangeBody): Subscription {
  const via = body.viaSubscriptionPackage;
  const viaPass = body.viaPassSubscriptionPackage;
  return {
    status: body.status as Subscription['status'],
    packageName: body.subscriptionPackageName,
    consentLimit: body.consentLimit,
    consentLimitExceed: body.consentLimitExceed,
    api: body.api,
    ...(body.subscriptionId !== undefined ? { subscriptionId: body.subscriptionId } : {}),
    ...(body.startDate !== undefined ? { startDate: body.startDate } : {}),
    ...(body.expirationDate !== undefined ? { expirationDate: body.expirationDate } : {}),
    ...(via ? { via: packageOfChange(via) } : {}),
    ...(viaPass ? { viaPass: packageOfChange(viaPass) } : {}),
  };
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
    const cached = provider.subscription as Subscription | undefined;
    if (!cached)
      throw IysError.of('H437', { message: `IYS numarası:${iysCode} ile abonelik bulunamadı.` }, 404);
    // The credit left right now (ViA spends it), read beside the address count: one more GetItem, in parallel.
    const [used, via] = await Promise.all([
      forIntegrator ? 0 : ports.usedAddresses(iysCode),
      cached.via && ports.viaPackage ? ports.viaPackage(iysCode) : undefined,
    ]);
    const sub = via ? { ...cached, via } : cached;
    return subscriptionView(iysCode, sub, { createdAt: provider.createdAt }, used, forIntegrator);
  }

  /** What an operator reads: the provider's own view, the API flag, and the version a change names. */
  async function operatorSubscription(iysCode: number) {
    const record = await ports.subscriptionRecord(iysCode);
    if (!record) throw IysError.of('H001', { vars: { iysCode } });
    return operatorView(iysCode, record, record.subscription ? await ports.usedAddresses(iysCode) : 0);
  }

  function operatorView(iysCode: number, record: SubscriptionRecord, used: number) {
    const sub = record.subscription;
    return {
      iysCode,
      version: record.version,
      subscription: sub
        ? {
            ...subscriptionView(iysCode, sub, { createdAt: record.createdAt }, used, false),
            api: sub.api,
            // Ours, so that the operator can read, edit and send back the ViA PASS package too.
            ...(sub.viaPass
              ? {
                  viaPassSubscriptionPackage: viaView(
                    sub.viaPass,
                    iysCode,
                    sub.startDate ?? record.createdAt,
                    false,
                  ),
                }
              : {}),
          }
        : null,
    };
  }

  /**
   * An operator's change (or end, with `next` undefined) of a provider's subscription, audited: the change
   * and its history item commit together, on the version it was made from (X010 when another came first).
   * The gates (H520, H521, H524, H586) follow from what is stored at once in this container and within the
   * directory's cache time elsewhere.
   */
  async function changeSubscription(iysCode: number, next: Subscription | undefined, ctx: ChangeContext) {
    if (next) {
      const errors = subscriptionErrors(next);
      if (errors.length) throw new IysError(errors);
    }
    const record = await ports.subscriptionRecord(iysCode);
    if (!record) throw IysError.of('H001', { vars: { iysCode } });
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== record.version)
      throw IysError.of('X010', { location: ['version'], value: ctx.expectedVersion });
    const before = record.subscription;
    // A change that names no ViA PASS package keeps the provider's (docs/via-pass.md).
    if (next && before?.viaPass && !next.viaPass) next = { ...next, viaPass: before.viaPass };
    if (!before && !next)
      throw IysError.of('H437', { message: `IYS numarası:${iysCode} ile abonelik bulunamadı.` }, 404);
    const change: SubscriptionChange = {
      iysCode,
      version: record.version + 1,
      changedAt: ctx.now.toISOString(),
      changedBy: ctx.by,
      reason: ctx.reason,
      fields: changedFields(before, next),
      before: before ?? null,
      after: next ?? null,
      requestId: ctx.requestId,
    };
    if (!(await ports.recordChange(change)))
      throw IysError.of('X010', { location: ['version'], value: record.version });
    ports.forgetProviders();
    const { iysCode: code, version, changedBy, fields } = change;
    ports.audited({ iysCode: code, version, changedBy, fields });
    const changed = { ...record, version: change.version, ...(next ? { subscription: next } : {}) };
    if (!next) delete changed.subscription;
    return operatorView(iysCode, changed, next ? await ports.usedAddresses(iysCode) : 0);
  }

  /** The history of a provider's subscription, newest first; `next` pages on to older changes. */
  async function subscriptionHistory(iysCode: number, page: { limit?: number; after?: string }) {
    const record = await ports.subscriptionRecord(iysCode);
    if (!record) throw IysError.of('H001', { vars: { iysCode } });
    const limit = page.limit ?? 20;
    const items = await ports.history(
      iysCode,
      limit,
      page.after === undefined ? undefined : Number(page.after),
    );
    const last = items.at(-1);
    return {
      list: items.map((c) => ({
        version: c.version,
        changedAt: formatTurkeyTime(Date.parse(c.changedAt)),
        changedBy: c.changedBy,
        reason: c.reason,
        fields: c.fields,
        before: c.before,
        after: c.after,
      })),
      ...(items.length === limit && last && last.version > 1 ? { next: String(last.version) } : {}),
    };
  }

  return {
    addressUsage,
    providerSubscription,
    operatorSubscription,
    changeSubscription,
    subscriptionHistory,
  };
}

export type SubscriptionUseCases = ReturnType<typeof subscriptionUseCases>;

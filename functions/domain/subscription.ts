import { errorItem, IysError } from './errors.js';

/**
 * A provider's subscription (İYS §7.12) and the gates every provider-side call passes (pure).
 * `consentLimit` counts recipient addresses (distinct phones and e-mails of the provider, over all its
 * brands, channels and recipient types); with `consentLimitExceed` the limit may be passed.
 */
export type SubscriptionStatus = 'ACTIVE' | 'PAUSED' | 'EXPIRED' | 'CLOSED';
export const subscriptionStatuses: readonly SubscriptionStatus[] = ['ACTIVE', 'PAUSED', 'EXPIRED', 'CLOSED'];

export interface Subscription {
  status: SubscriptionStatus;
  packageName: string;
  consentLimit: number;
  /** Whether the package includes API use (H586 otherwise). */
  api: boolean;
  consentLimitExceed?: boolean;
  subscriptionId?: string;
  /** ISO 8601 instants. */
  startDate?: string;
  expirationDate?: string;
  /** The ViA package (İYS's `viaSubscriptionPackage`): consents collected by the registry itself. */
  via?: ViaPackage;
  /**
   * The ViA PASS package (issue 14, docs/via-pass.md): a ViA PASS start spends one of its credits (−1
   * unlimited); apart from `via`, as İYS sells ViA PASS as its own product with its own subscription answer.
   */
  viaPass?: ViaPackage;
}

/** A ViA package: each ViA approval or rejection spends one credit; −1 means unlimited (İYS §7.12). */
export interface ViaPackage {
  packageName: string;
  credit: number;
  status: SubscriptionStatus;
  subscriptionId?: string;
  /** ISO 8601 instants. */
  startDate?: string;
  expirationDate?: string;
}

/** The fields an operator change is described by in the subscription's history (audit). */
export const subscriptionFields = [
  'status',
  'packageName',
  'consentLimit',
  'consentLimitExceed',
  'api',
  'subscriptionId',
  'startDate',
  'expirationDate',
  'via',
  'viaPass',
] as const;

/** Which fields differ between two versions of a subscription (none and some count as all changed). */
export function changedFields(
  before: Subscription | undefined,
  after: Subscription | undefined,
): (typeof subscriptionFields)[number][] {
  if (!before || !after) return before === after ? [] : [...subscriptionFields];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return subscriptionFields.filter((f) => {
    if (f === 'consentLimitExceed') return Boolean(before[f]) !== Boolean(after[f]);
    return !same(before[f], after[f]);
  });
}

/** The dates of a subscription (and of its ViA package) must run forwards: X034 otherwise. */
export function subscriptionErrors(sub: Subscription) {
  const errors = [];
  const backwards = (start?: string, end?: string) =>
    start !== undefined && end !== undefined && Date.parse(end) <= Date.parse(start);
  if (backwards(sub.startDate, sub.expirationDate))
    errors.push(errorItem('X034', { location: ['expirationDate'], value: sub.expirationDate }));
  if (sub.via && backwards(sub.via.startDate, sub.via.expirationDate))
    errors.push(
      errorItem('X034', {
        location: ['viaSubscriptionPackage', 'expirationDate'],
        value: sub.via.expirationDate,
      }),
    );
  if (sub.viaPass && backwards(sub.viaPass.startDate, sub.viaPass.expirationDate))
    errors.push(
      errorItem('X034', {
        location: ['viaPassSubscriptionPackage', 'expirationDate'],
        value: sub.viaPass.expirationDate,
      }),
    );
  return errors;
}

/** Packages an approved application gets (İYS's published package names; docs/onboarding.md). */
export const packages = {
  'İleti-5 (Seviye 1)': { consentLimit: 5000, consentLimitExceed: false },
  'İleti+': { consentLimit: 250_001, consentLimitExceed: true },
} as const;
export type PackageName = keyof typeof packages;

export interface GateContext {
  iysCode: number;
  actor: 'HS' | 'INTEGRATOR';
  /** The subscription endpoints themselves stay open while PAUSED or EXPIRED. */
  subscriptionQuery?: boolean;
}

/** H524 none, H521 CLOSED, H520 PAUSED/EXPIRED (except the subscription query), H586 no API use. */
export function subscriptionGate(sub: Subscription | null | undefined, ctx: GateContext): void {
  if (!sub) throw IysError.of('H524', { vars: { iysCode: ctx.iysCode } });
  if (sub.status === 'CLOSED') throw IysError.of('H521');
  if ((sub.status === 'PAUSED' || sub.status === 'EXPIRED') && !ctx.subscriptionQuery) {
    const who = ctx.actor === 'HS' ? 'HS' : 'Entegratör';
    throw new IysError(
      errorItem('H520', {
        message: `Abonelik durumu ${sub.status} iken sadece ${who} abonelik sorgulama servisine istek atılabilir.`,
      }),
    );
  }
  if (!sub.api && !ctx.subscriptionQuery) throw IysError.of('H586');
}

/** A NEW recipient address may be added unless the limit is reached and may not be exceeded. */
export function mayAddAddress(sub: Subscription | null | undefined, used: number): boolean {
  if (!sub) return false;
  return Boolean(sub.consentLimitExceed) || used < sub.consentLimit;
}

/** Does the package's consent limit (H525) apply to a provider's new consent keys? */
export function addressLimitApplies(
  sub: Subscription | null | undefined,
  enforce: boolean,
): sub is Subscription {
  return enforce && Boolean(sub) && !sub!.consentLimitExceed;
}

/**
 * The H525 gate over one batch: addresses the provider already holds pass; a new address passes while
 * the provider's count, with the new addresses admitted earlier in the same batch, stays under the limit.
 */
export function addressGate(
  sub: Subscription,
  held: Iterable<string>,
  used: number,
): { admit(address: string): boolean } {
  const known = new Set(held);
  let count = used;
  return {
    admit(address) {
      if (known.has(address)) return true;
      if (!mayAddAddress(sub, count)) return false;
      known.add(address);
      count++;
      return true;
    },
  };
}

/** İYS's `YYYY-MM-DD HH:mm:ss` in Turkey time (UTC+3, no daylight saving). */
function turkeyTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 3 * 3600_000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A year less a second after the start: the end of a subscription that names none. */
function yearAfter(start: string): string {
  return new Date(Date.parse(start) + 365 * 86400_000 - 1000).toISOString();
}

/** İYS's `viaSubscriptionPackage`; integrators do not see the credit. */
export function viaView(via: ViaPackage, iysCode: number, fallbackStart: string, forIntegrator: boolean) {
  const start = via.startDate ?? fallbackStart;
  return {
    startDate: turkeyTime(start),
    viaSubscriptionId: via.subscriptionId ?? `VIA-${iysCode}`,
    expirationDate: turkeyTime(via.expirationDate ?? yearAfter(start)),
    viaSubscriptionPackageName: via.packageName,
    ...(forIntegrator ? {} : { viaCredit: via.credit }),
    status: via.status,
  };
}

/** The get-subscription answer; integrators do not see the limit fields nor the ViA credit. */
export function subscriptionView(
  iysCode: number,
  sub: Subscription,
  fallback: { createdAt: string },
  used: number,
  forIntegrator: boolean,
) {
  const start = sub.startDate ?? fallback.createdAt;
  const end = sub.expirationDate ?? yearAfter(start);
  return {
    subscriptionId: sub.subscriptionId ?? `SUB-${iysCode}`,
    startDate: turkeyTime(start),
    expirationDate: turkeyTime(end),
    subscriptionPackageName: sub.packageName,
    status: sub.status,
    ...(forIntegrator
      ? {}
      : {
          consentLimit: sub.consentLimit,
          consentLimitExceed: Boolean(sub.consentLimitExceed),
          usedConsentLimit: used,
        }),
    ...(sub.via ? { viaSubscriptionPackage: viaView(sub.via, iysCode, start, forIntegrator) } : {}),
  };
}

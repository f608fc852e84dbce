import { IysError } from './errors.js';
import type { ActorKind, Identity } from './identity.js';
import { type Subscription, subscriptionGate } from './subscription.js';

export type Channel = 'ARAMA' | 'MESAJ' | 'EPOSTA';
export const channels: readonly Channel[] = ['ARAMA', 'MESAJ', 'EPOSTA'];
export type AccessMode = 'read' | 'write';

/** What a provider granted an integrator for one brand: per channel read or write. */
export interface Grant {
  iysCode: number;
  brandCode: number;
  channels: Partial<Record<Channel, AccessMode>>;
  agreementControl?: boolean;
}

/** What an operation needs, declared once per operation. */
export interface Requirement {
  actors: readonly ActorKind[];
  mode?: AccessMode;
  /** Channels the request touches; empty means "any channel of the brand". */
  channels?: readonly Channel[];
  /** Reconciliation endpoints need the agreementControl flag for integrators. */
  agreementControl?: boolean;
  /** The subscription query stays open while the subscription is PAUSED or EXPIRED (H520). */
  subscriptionQuery?: boolean;
}

/** Facts about the target that the directory looked up (no I/O here). */
export interface TargetFacts {
  iysCode?: number;
  providerExists?: boolean;
  brandCode?: number;
  /** The provider that owns the brand, undefined when no such brand exists. */
  brandOwner?: number;
  grants?: readonly Grant[];
  /** The provider's subscription; null when it has none (H524). Undefined: not looked up (no gate). */
  subscription?: Subscription | null;
}

function allows(mode: AccessMode | undefined, need: AccessMode): boolean {
  return mode === 'write' || (mode === 'read' && need === 'read');
}

/**
 * The one rights check every endpoint goes through. Throws İYS's errors:
 * H363 wrong actor type, H001/H018 unknown provider/brand, H353 not within the caller's rights,
 * H524/H521/H520/H586 the provider's subscription does not allow the call.
 */
export function authorise(identity: Identity, need: Requirement, target: TargetFacts): void {
  if (!need.actors.includes(identity.kind)) throw IysError.of('H363');
  if (target.iysCode === undefined) return;
  // İYS answers an unknown provider with H001 (404) before looking at rights; provider codes are public.
  if (target.providerExists === false) {
    throw IysError.of('H001', { vars: { iysCode: target.iysCode } });
  }
  if (identity.kind === 'HS' && identity.iysCode !== target.iysCode) {
    throw IysError.of('H353', { location: ['iysCode'], value: target.iysCode });
  }
  if (identity.kind === 'INTEGRATOR') {
    const forProvider = (target.grants ?? []).filter((g) => g.iysCode === target.iysCode);
    if (forProvider.length === 0) throw IysError.of('H353', { location: ['iysCode'], value: target.iysCode });
  }
  // Subscription gates (H524/H521/H520/H586) on every provider-side call, after the caller's rights so a
  // stranger learns nothing of another provider's subscription.
  if ((identity.kind === 'HS' || identity.kind === 'INTEGRATOR') && target.subscription !== undefined) {
    subscriptionGate(target.subscription, {
      iysCode: target.iysCode,
      actor: identity.kind,
      ...(need.subscriptionQuery ? { subscriptionQuery: true } : {}),
    });
  }
  if (target.brandCode === undefined) {
    // A provider-level write (no brand in its path: ViA, ViA PASS): an integrator needs write, on some brand
    // of the provider, on every channel the request names (on any channel when it names none). Operations
    // whose body names brands check each of them too (`brandsFrom` in the spec).
    if (identity.kind === 'INTEGRATOR' && need.mode === 'write') {
      const wanted = need.channels?.length ? need.channels : undefined;
      const may = (target.grants ?? []).some(
        (g) =>
          g.iysCode === target.iysCode &&
          (wanted
            ? wanted.every((ch) => allows(g.channels[ch], 'write'))
            : Object.values(g.channels).some((m) => allows(m, 'write'))),
      );
      if (!may) throw IysError.of('H353', { location: ['iysCode'], value: target.iysCode });
    }
    return;
  }
  if (target.brandOwner === undefined || target.brandOwner !== target.iysCode) {
    throw IysError.of('H018', { vars: { brandCode: target.brandCode } });
  }
  if (identity.kind !== 'INTEGRATOR') return;

  const grant = (target.grants ?? []).find(
    (g) => g.iysCode === target.iysCode && g.brandCode === target.brandCode,
  );
  if (!grant) throw IysError.of('H353', { location: ['brandCode'], value: target.brandCode });
  if (need.agreementControl && !grant.agreementControl)
    throw IysError.of('H353', { location: ['brandCode'], value: target.brandCode });
  const mode = need.mode ?? 'read';
  const wanted = need.channels?.length ? need.channels : undefined;
  if (wanted) {
    for (const ch of wanted) {
      if (!allows(grant.channels[ch], mode)) throw IysError.of('H353', { location: ['type'], value: ch });
    }
  } else if (!Object.values(grant.channels).some((m) => allows(m, mode))) {
    throw IysError.of('H353', { location: ['brandCode'], value: target.brandCode });
  }
}

/** Path codes must be integers (H190 iysCode, H191 brandCode). */
export function parseCode(raw: string | undefined, code: 'H190' | 'H191', name: string): number {
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) {
    throw IysError.of(code, { location: [name], value: raw });
  }
  return Number(raw);
}

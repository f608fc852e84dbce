import type { getIntegratorSubscription } from '../adapters/application-store.js';
import type { BrandItem, IntegratorItem, ProviderItem } from '../adapters/registry-store.js';
import { IysError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { channels, type Grant } from '../domain/rights.js';
import { type Subscription, subscriptionView } from '../domain/subscription.js';

/**
 * Integrators (iş ortağı): what providers granted them (integratorList, integratorListByiysCode), their own
 * subscription, and the grants a provider gives or takes back. The rights check of every provider
 * endpoint reads the same grants (functions/domain/rights.ts).
 */

/** Only the integrator itself may read its lists: H363 another actor, H353 another integrator's code. */
export function ownIntegrator(
  identity: Identity,
  integratorCode: number,
  notIntegrator: 'H363' | 'H522',
): void {
  if (identity.kind !== 'INTEGRATOR')
    throw IysError.of(notIntegrator, {}, notIntegrator === 'H522' ? 400 : undefined);
  if (identity.integratorCode !== integratorCode)
    throw IysError.of('H353', {
      location: ['integratorCode'],
      value: integratorCode,
      message: 'integratorIysCode, kullanıcı izinleriyle eşleştirilemiyor',
    });
}

/** What the integrator use cases reach: the registry's grants, providers, brands and integrators. */
export interface IntegratorPorts {
  listGrants(integratorCode: number): Promise<Grant[]>;
  providers(iysCodes: number[]): Promise<ProviderItem[]>;
  /** Cached look-up (the directory). */
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  integrator(integratorCode: number): Promise<IntegratorItem | undefined>;
  integratorSubscription: typeof getIntegratorSubscription;
  putGrant(integratorCode: number, g: Grant): Promise<void>;
  removeGrant(integratorCode: number, iysCode: number, brandCode: number): Promise<void>;
  /** A change made here is seen at once by this container's look-ups. */
  forgetGrants(): void;
}

export function integratorUseCases(ports: IntegratorPorts) {
  async function grantedBrands(
    integratorCode: number,
    iysCode: number | undefined,
    page: { offset?: number | undefined; limit?: number | undefined },
  ) {
    let grants = await ports.listGrants(integratorCode);
    if (iysCode !== undefined) {
      grants = grants.filter((g) => g.iysCode === iysCode);
      if (!grants.length) throw IysError.of('H245', { location: ['iysCode'], value: iysCode });
    }
    grants.sort((a, b) => a.iysCode - b.iysCode || a.brandCode - b.brandCode);
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 100;
    const slice = grants.slice(offset, offset + limit);
    const providers = new Map(
      (await ports.providers([...new Set(slice.map((g) => g.iysCode))])).map((p) => [p.iysCode, p]),
    );
    const brands = await Promise.all(slice.map((g) => ports.brand(g.iysCode, g.brandCode)));
    const list = slice.map((g, i) => ({
      brandCode: g.brandCode,
      name: brands[i]?.name ?? '',
      master: Boolean(brands[i]?.master),
      title: providers.get(g.iysCode)?.title ?? '',
      iysCode: g.iysCode,
      agreementControl: Boolean(g.agreementControl),
      ...Object.fromEntries(channels.filter((c) => g.channels[c]).map((c) => [c, g.channels[c]])),
      // ViA is not part of this registry: no integrator may use it.
      viaControl: false,
    }));
    return { pagination: { offset, pageSize: list.length, totalCount: grants.length }, list };
  }

  async function integratorSubscription(integratorCode: number) {
    const found = await ports.integratorSubscription(integratorCode);
    if (!found?.subscription)
      throw IysError.of('H437', { message: `IYS numarası:${integratorCode} ile abonelik bulunamadı.` }, 404);
    const { subscription, createdAt } = found;
    const v = subscriptionView(integratorCode, subscription as Subscription, { createdAt }, 0, true);
    return { ...v, iysCode: integratorCode };
  }

  /**
   * A provider grants (or, with no channel, withdraws) an integrator's rights on one of its brands.
   * The directory cache is dropped here; other warm containers see the change within its TTL (60 s).
   */
  async function grantIntegrator(
    iysCode: number,
    integratorCode: number,
    g: { brandCode: number; channels: Grant['channels']; agreementControl?: boolean | undefined },
  ): Promise<'granted' | 'revoked'> {
    if (!(await ports.integrator(integratorCode)))
      throw IysError.of('H129', { location: ['integratorCode'], value: integratorCode });
    const brand = await ports.brand(iysCode, g.brandCode);
    if (!brand)
      throw IysError.of('H018', {
        vars: { brandCode: g.brandCode },
        location: ['brandCode'],
        value: g.brandCode,
      });
    const any = Object.values(g.channels).some(Boolean);
    if (any) {
      await ports.putGrant(integratorCode, {
        iysCode,
        brandCode: g.brandCode,
        channels: g.channels,
        ...(g.agreementControl ? { agreementControl: true } : {}),
      });
    } else {
      await ports.removeGrant(integratorCode, iysCode, g.brandCode);
    }
    ports.forgetGrants();
    return any ? 'granted' : 'revoked';
  }

  return { grantedBrands, integratorSubscription, grantIntegrator };
}

export type IntegratorUseCases = ReturnType<typeof integratorUseCases>;

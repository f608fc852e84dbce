import { getIntegratorSubscription, putGrant, removeGrant } from '../adapters/application-store.js';
import { directory, forgetDirectory } from '../adapters/directory.js';
import * as store from '../adapters/registry-store.js';
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

export async function grantedBrands(
  integratorCode: number,
  iysCode: number | undefined,
  page: { offset?: number | undefined; limit?: number | undefined },
) {
  let grants = await store.listGrants(integratorCode);
  if (iysCode !== undefined) {
    grants = grants.filter((g) => g.iysCode === iysCode);
    if (!grants.length) throw IysError.of('H245', { location: ['iysCode'], value: iysCode });
  }
  grants.sort((a, b) => a.iysCode - b.iysCode || a.brandCode - b.brandCode);
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 100;
  const slice = grants.slice(offset, offset + limit);
  const providers = new Map(
    (await store.getProviders([...new Set(slice.map((g) => g.iysCode))])).map((p) => [p.iysCode, p]),
  );
  const brands = await Promise.all(slice.map((g) => directory.brand(g.iysCode, g.brandCode)));
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

export async function integratorSubscription(integratorCode: number) {
  const found = await getIntegratorSubscription(integratorCode);
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
export async function grantIntegrator(
  iysCode: number,
  integratorCode: number,
  g: { brandCode: number; channels: Grant['channels']; agreementControl?: boolean | undefined },
): Promise<'granted' | 'revoked'> {
  if (!(await store.getIntegrator(integratorCode)))
    throw IysError.of('H129', { location: ['integratorCode'], value: integratorCode });
  const brand = await directory.brand(iysCode, g.brandCode);
  if (!brand)
    throw IysError.of('H018', {
      vars: { brandCode: g.brandCode },
      location: ['brandCode'],
      value: g.brandCode,
    });
  const any = Object.values(g.channels).some(Boolean);
  if (any) {
    await putGrant(integratorCode, {
      iysCode,
      brandCode: g.brandCode,
      channels: g.channels,
      ...(g.agreementControl ? { agreementControl: true } : {}),
    });
  } else {
    await removeGrant(integratorCode, iysCode, g.brandCode);
  }
  forgetDirectory();
  return any ? 'granted' : 'revoked';
}

import { randomBytes, randomUUID } from 'node:crypto';
import * as store from '../adapters/application-store.js';
import type { Clock } from '../adapters/clock.js';
import { forgetDirectory } from '../adapters/directory.js';
import { deleteDocuments, describeDocument, presignDocument } from '../adapters/documents.js';
import { config } from '../adapters/env.js';
import { logger } from '../adapters/logger.js';
import { send } from '../adapters/outbox.js';
import { countRequest } from '../adapters/registry-store.js';
import { IysError } from '../domain/errors.js';
import type { ApplicationBody } from '../schemas/applications.js';
import { setUserPassword } from './admin.js';
import { createProvider, createUser } from './onboarding.js';

/**
 * Provider applications: a company or a person applies (public, rate-limited), uploads its documents
 * straight to S3, and an OPERATOR approves — which creates the provider through the same `createProvider`
 * the seed uses (its KMS keys, master brand, sub-brands), an owner and a first API user, and tells the
 * applicant through the outbox — or rejects with a reason. Application data is personal data: it is kept
 * sealed under the registry key, never logged, and deleted after the retention periods below.
 */
export const DOCUMENT_CONTENT_TYPE = 'application/pdf';
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const uploadSeconds = 24 * 3600;
const day = 86_400;
/** Retention (docs/onboarding.md): undecided 180 days; rejected 2 years; approved 10 years (TTK m. 82). */
export const retention = { pendingDays: 180, rejectedDays: 730, approvedDays: 3650 };
const applicationsPerIpHour = () => config().IYS_APPLICATIONS_PER_HOUR;

export type DocumentKind =
  | 'TRADE_REGISTRY_GAZETTE'
  | 'SIGNATURE_CIRCULAR'
  | 'SIGNATURE_DECLARATION'
  | 'SERVICE_CONTRACT'
  | `TRADEMARK_CERTIFICATE_${number}`;

/** The documents an application needs: legal persons gazette + circular, real persons a declaration. */
export function documentsFor(
  body: Pick<ApplicationBody, 'type' | 'brands'>,
): { kind: DocumentKind; required: boolean }[] {
  const own: { kind: DocumentKind; required: boolean }[] =
    body.type === 'LEGAL'
      ? [
          { kind: 'TRADE_REGISTRY_GAZETTE', required: true },
          { kind: 'SIGNATURE_CIRCULAR', required: true },
        ]
      : [{ kind: 'SIGNATURE_DECLARATION', required: true }];
  return [
    ...own,
    { kind: 'SERVICE_CONTRACT', required: true },
    ...(body.brands ?? []).map((_, i) => ({
      kind: `TRADEMARK_CERTIFICATE_${i + 1}` as DocumentKind,
      required: false,
    })),
  ];
}

const documentKey = (id: string, kind: string) => `applications/${id}/${kind}.pdf`;

export async function createApplication(body: ApplicationBody, ctx: { ip: string; clock: Clock }) {
  const now = ctx.clock.now();
  const hour = Math.floor(now.getTime() / 3_600_000);
  const count = await countRequest(`applications#${ctx.ip}#${hour}`, (hour + 2) * 3600);
  if (count > applicationsPerIpHour())
    throw IysError.limited('X026', (hour + 1) * 3600 - Math.floor(now.getTime() / 1000));

  const applicationId = randomUUID();
  const docs = documentsFor(body).map((d) => ({ ...d, key: documentKey(applicationId, d.kind) }));
  const sealed = await store.sealApplication(applicationId, body);
  await store.putApplication({
    applicationId,
    status: 'PENDING',
    type: body.type,
    createdAt: now.toISOString(),
    documents: docs,
    ...sealed,
    expiresAt: Math.floor(now.getTime() / 1000) + retention.pendingDays * day,
  });
  const documentUploads = await Promise.all(
    docs.map(async (d) => ({
      kind: d.kind,
      required: d.required,
      ...(await presignDocument(d.key, DOCUMENT_CONTENT_TYPE, DOCUMENT_MAX_BYTES, uploadSeconds, now)),
      maxBytes: DOCUMENT_MAX_BYTES,
      contentType: DOCUMENT_CONTENT_TYPE,
    })),
  );
  logger.info('application received', { applicationId, type: body.type, documents: docs.length });
  return { applicationId, documentUploads };
}

/** Each document's state: a missing required one or a wrong type/size blocks approval. */
async function documentStates(a: store.ApplicationItem) {
  return Promise.all(
    a.documents.map(async (d) => {
      const found = await describeDocument(d.key);
      const ok = found
        ? found.contentType === DOCUMENT_CONTENT_TYPE && found.size <= DOCUMENT_MAX_BYTES
        : false;
      return {
        kind: d.kind,
        required: d.required,
        uploaded: Boolean(found),
        accepted: ok,
        ...(found ? { size: found.size } : {}),
      };
    }),
  );
}

function summary(a: store.ApplicationItem, title: string) {
  return {
    applicationId: a.applicationId,
    status: a.status,
    type: a.type,
    title,
    createdAt: a.createdAt,
    ...(a.decidedAt ? { decidedAt: a.decidedAt } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.status === 'APPROVED' && a.iysCode !== undefined ? { iysCode: a.iysCode } : {}),
  };
}

export async function listApplications(status?: store.ApplicationStatus) {
  const items = await store.listApplications(status);
  // Data keys are shared by many applications and cached: a page costs a few KMS calls, not one each.
  return Promise.all(
    items.map(async (a) => summary(a, (await store.openApplication<ApplicationBody>(a)).title)),
  );
}

export async function applicationDetail(id: string) {
  const a = await store.getApplication(id);
  if (!a) throw IysError.of('X023', { location: ['applicationId'], value: id });
  const body = await store.openApplication<ApplicationBody>(a);
  return { ...summary(a, body.title), application: body, documents: await documentStates(a) };
}

async function pending(id: string): Promise<store.ApplicationItem> {
  const a = await store.getApplication(id);
  if (!a) throw IysError.of('X023', { location: ['applicationId'], value: id });
  if (a.status !== 'PENDING') throw IysError.of('X024', { location: ['status'], value: a.status });
  return a;
}

const newPassword = () => `${randomBytes(12).toString('base64url')}7a`;

export async function approveApplication(id: string, ctx: { operator: string; clock: Clock }) {
  const a = await pending(id);
  const states = await documentStates(a);
  const problems = states.flatMap((d) => {
    if (d.required && !d.uploaded)
      return [IysError.of('X025', { vars: { kind: d.kind }, location: ['documents', d.kind] }).errors[0]!];
    if (d.uploaded && !d.accepted)
      return [IysError.of('X031', { location: ['documents', d.kind], value: d.kind }).errors[0]!];
    return [];
  });
  if (problems.length) throw new IysError(problems);

  const body = await store.openApplication<ApplicationBody>(a);
  const subs = body.brands ?? [];
  // Codes come from one registry sequence and are reserved on the application first, so a retried
  // approval creates the same provider (createProvider is idempotent) instead of a second one.
  const wanted = a.iysCode ?? (await store.nextCode());
  const wantedBrands = a.brandCodes ?? (await Promise.all(subs.map(() => store.nextCode())));
  const { iysCode, brandCodes } = await store.reserveCodes(id, wanted, wantedBrands);

  const created = await createProvider(
    {
      iysCode,
      title: body.title,
      brands: [
        { brandCode: iysCode, name: body.title, master: true },
        ...subs.map((b, i) => ({ brandCode: brandCodes[i]!, name: b.name })),
      ],
    },
    ctx.clock,
  );
  const owner = `sp${iysCode}-yonetici`;
  const api = `sp${iysCode}-api`;
  const passwords = { [owner]: newPassword(), [api]: newPassword() };
  for (const username of [owner, api]) {
    const made = await createUser({ username, password: passwords[username]!, actor: 'HS', iysCode });
    // A retried approval: the user exists from the first attempt, give it the new password.
    if (!made) await setUserPassword(username, passwords[username]!);
  }
  await store.updateUser(owner, { owner: true });
  const now = ctx.clock.now();
  const decided = await store.decideApplication(id, {
    status: 'APPROVED',
    decidedAt: now.toISOString(),
    decidedBy: ctx.operator,
    expiresAt: Math.floor(now.getTime() / 1000) + retention.approvedDays * day,
  });
  if (!decided) throw IysError.of('X024', { location: ['status'] });
  forgetDirectory();

  const s = body.signatory;
  await send(
    {
      channel: 'EPOSTA',
      to: s.email,
      subject: 'İYS başvurunuz onaylandı',
      text:
        `Sayın ${s.name} ${s.surname}, ${body.title} için başvurunuz onaylandı. İYS numaranız: ${iysCode}` +
        ` (ana marka ${iysCode}${brandCodes.length ? `, alt markalar ${brandCodes.join(', ')}` : ''}).` +
        ` Kullanıcı adlarınız: ${owner} (yönetici) ve ${api} (API). Geçici şifreleriniz ${s.mobile.slice(0, 5)}… numaralı` +
        ` telefonunuza SMS ile gönderildi. İlk girişten sonra şifrenizi POST /sps/${iysCode}/users/{kullanıcı}/password` +
        ' ile değiştirin; ardından POST /oauth2/token ile jeton alıp izin eklemeye başlayabilirsiniz.',
    },
    now,
  );
  await send(
    {
      channel: 'SMS',
      to: s.mobile,
      text: `IYS gecici sifreleriniz: ${owner} ${passwords[owner]} / ${api} ${passwords[api]}. Ilk giriste degistiriniz.`,
    },
    now,
  );
  logger.info('application approved', {
    applicationId: id,
    iysCode,
    brands: brandCodes.length + 1,
    keysCreated: created.created,
  });
  return { iysCode, brandCode: iysCode, brandCodes: [iysCode, ...brandCodes] };
}

export async function rejectApplication(id: string, reason: string, ctx: { operator: string; clock: Clock }) {
  const a = await pending(id);
  const body = await store.openApplication<ApplicationBody>(a);
  const now = ctx.clock.now();
  if (
    !(await store.decideApplication(id, {
      status: 'REJECTED',
      decidedAt: now.toISOString(),
      decidedBy: ctx.operator,
      reason,
      expiresAt: Math.floor(now.getTime() / 1000) + retention.rejectedDays * day,
    }))
  )
    throw IysError.of('X024', { location: ['status'] });
  // A rejected application keeps no documents; its sealed record lives until its retention ends.
  const removed = await deleteDocuments(`applications/${id}/`);
  await send(
    {
      channel: 'EPOSTA',
      to: body.signatory.email,
      subject: 'İYS başvurunuz reddedildi',
      text: `Sayın ${body.signatory.name} ${body.signatory.surname}, ${body.title} için başvurunuz reddedildi. Gerekçe: ${reason}`,
    },
    now,
  );
  logger.info('application rejected', { applicationId: id, documentsRemoved: removed });
  return { applicationId: id, status: 'REJECTED' as const };
}

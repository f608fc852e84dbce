import { randomBytes, randomUUID } from 'node:crypto';
import type * as store from '../adapters/application-store.js';
import type { DocumentTarget } from '../adapters/documents.js';
import type { OutboxMessage } from '../adapters/outbox.js';
import { IysError } from '../domain/errors.js';
import type { ApplicationBody } from '../schemas/applications.js';
import type { AdminUseCases } from './admin.js';
import type { OnboardingUseCases } from './onboarding.js';

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

/** What the applications reach: the sealed records, their documents, the outbox, onboarding. */
export interface ApplicationPorts {
  now(): Date;
  /** Re-read per request: the setting may change while the system runs. */
  limitPerHour(): number;
  countRequest(name: string, expiresAtSeconds: number): Promise<number>;
  seal: typeof store.sealApplication;
  open<T>(item: Pick<store.ApplicationItem, 'applicationId' | 'dk' | 'ct'>): Promise<T>;
  put: typeof store.putApplication;
  get: typeof store.getApplication;
  list: typeof store.listApplications;
  reserveCodes: typeof store.reserveCodes;
  decide: typeof store.decideApplication;
  /** The registry's next free code (providers, brands). */
  nextCode: typeof store.nextCode;
  updateUser: typeof store.updateUser;
  /** A presigned POST of one document (its key, type and size range fixed by the policy). */
  presignDocument(
    key: string,
    contentType: string,
    maxBytes: number,
    expiresInSeconds: number,
    now: Date,
  ): Promise<DocumentTarget>;
  describeDocument(key: string): Promise<{ size: number; contentType: string | undefined } | undefined>;
  /** Removes the documents under the prefix; how many there were. */
  deleteDocuments(prefix: string): Promise<number>;
  send(m: OutboxMessage, now: Date): Promise<string>;
  /** Identifiers and counts only (application data is personal data). */
  log(message: string, fields: Record<string, unknown>): void;
  /** A change made here is seen at once by this container's look-ups. */
  forgetProviders(): void;
  createProvider: OnboardingUseCases['createProvider'];
  createUser: OnboardingUseCases['createUser'];
  setUserPassword: AdminUseCases['setUserPassword'];
}

const newPassword = () => `${randomBytes(12).toString('base64url')}7a`;

export function applicationUseCases(ports: ApplicationPorts) {
  async function createApplication(body: ApplicationBody, ip: string) {
    const now = ports.now();
    const hour = Math.floor(now.getTime() / 3_600_000);
    const count = await ports.countRequest(`applications#${ip}#${hour}`, (hour + 2) * 3600);
    if (count > ports.limitPerHour())
      throw IysError.limited('X026', (hour + 1) * 3600 - Math.floor(now.getTime() / 1000));

    const applicationId = randomUUID();
    const docs = documentsFor(body).map((d) => ({ ...d, key: documentKey(applicationId, d.kind) }));
    const sealed = await ports.seal(applicationId, body);
    await ports.put({
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
        ...(await ports.presignDocument(
          d.key,
          DOCUMENT_CONTENT_TYPE,
          DOCUMENT_MAX_BYTES,
          uploadSeconds,
          now,
        )),
        maxBytes: DOCUMENT_MAX_BYTES,
        contentType: DOCUMENT_CONTENT_TYPE,
      })),
    );
    ports.log('application received', { applicationId, type: body.type, documents: docs.length });
    return { applicationId, documentUploads };
  }

  /** Each document's state: a missing required one or a wrong type/size blocks approval. */
  async function documentStates(a: store.ApplicationItem) {
    return Promise.all(
      a.documents.map(async (d) => {
        const found = await ports.describeDocument(d.key);
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

  async function listApplications(status?: store.ApplicationStatus) {
    const items = await ports.list(status);
    // Data keys are shared by many applications and cached: a page costs a few KMS calls, not one each.
    return Promise.all(items.map(async (a) => summary(a, (await ports.open<ApplicationBody>(a)).title)));
  }

  async function applicationDetail(id: string) {
    const a = await ports.get(id);
    if (!a) throw IysError.of('X023', { location: ['applicationId'], value: id });
    const body = await ports.open<ApplicationBody>(a);
    return { ...summary(a, body.title), application: body, documents: await documentStates(a) };
  }

  async function pending(id: string): Promise<store.ApplicationItem> {
    const a = await ports.get(id);
    if (!a) throw IysError.of('X023', { location: ['applicationId'], value: id });
    if (a.status !== 'PENDING') throw IysError.of('X024', { location: ['status'], value: a.status });
    return a;
  }

  async function approveApplication(id: string, operator: string) {
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

    const body = await ports.open<ApplicationBody>(a);
    const subs = body.brands ?? [];
    // Codes come from one registry sequence and are reserved on the application first, so a retried
    // approval creates the same provider (createProvider is idempotent) instead of a second one.
    const wanted = a.iysCode ?? (await ports.nextCode());
    const wantedBrands = a.brandCodes ?? (await Promise.all(subs.map(() => ports.nextCode())));
    const { iysCode, brandCodes } = await ports.reserveCodes(id, wanted, wantedBrands);

    const created = await ports.createProvider({
      iysCode,
      title: body.title,
      brands: [
        { brandCode: iysCode, name: body.title, master: true },
        ...subs.map((b, i) => ({ brandCode: brandCodes[i]!, name: b.name })),
      ],
    });
    const owner = `sp${iysCode}-yonetici`;
    const api = `sp${iysCode}-api`;
    const passwords = { [owner]: newPassword(), [api]: newPassword() };
    for (const username of [owner, api]) {
      const made = await ports.createUser({ username, password: passwords[username]!, actor: 'HS', iysCode });
      // A retried approval: the user exists from the first attempt, give it the new password.
      if (!made) await ports.setUserPassword(username, passwords[username]!);
    }
    await ports.updateUser(owner, { owner: true });
    const now = ports.now();
    const decided = await ports.decide(id, {
      status: 'APPROVED',
      decidedAt: now.toISOString(),
      decidedBy: operator,
      expiresAt: Math.floor(now.getTime() / 1000) + retention.approvedDays * day,
    });
    if (!decided) throw IysError.of('X024', { location: ['status'] });
    ports.forgetProviders();

    const s = body.signatory;
    await ports.send(
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
    await ports.send(
      {
        channel: 'SMS',
        to: s.mobile,
        text: `IYS gecici sifreleriniz: ${owner} ${passwords[owner]} / ${api} ${passwords[api]}. Ilk giriste degistiriniz.`,
      },
      now,
    );
    ports.log('application approved', {
      applicationId: id,
      iysCode,
      brands: brandCodes.length + 1,
      keysCreated: created.created,
    });
    return { iysCode, brandCode: iysCode, brandCodes: [iysCode, ...brandCodes] };
  }

  async function rejectApplication(id: string, reason: string, operator: string) {
    const a = await pending(id);
    const body = await ports.open<ApplicationBody>(a);
    const now = ports.now();
    if (
      !(await ports.decide(id, {
        status: 'REJECTED',
        decidedAt: now.toISOString(),
        decidedBy: operator,
        reason,
        expiresAt: Math.floor(now.getTime() / 1000) + retention.rejectedDays * day,
      }))
    )
      throw IysError.of('X024', { location: ['status'] });
    // A rejected application keeps no documents; its sealed record lives until its retention ends.
    const removed = await ports.deleteDocuments(`applications/${id}/`);
    await ports.send(
      {
        channel: 'EPOSTA',
        to: body.signatory.email,
        subject: 'İYS başvurunuz reddedildi',
        text: `Sayın ${body.signatory.name} ${body.signatory.surname}, ${body.title} için başvurunuz reddedildi. Gerekçe: ${reason}`,
      },
      now,
    );
    ports.log('application rejected', { applicationId: id, documentsRemoved: removed });
    return { applicationId: id, status: 'REJECTED' as const };
  }

  return { createApplication, listApplications, applicationDetail, approveApplication, rejectApplication };
}

export type ApplicationUseCases = ReturnType<typeof applicationUseCases>;

/**
 * The ViA evidence summary (İYS's "işlem özet dosyası", getViaRequest's clarification file): what the recipient
 * was shown, how and when they were verified, and the consents it produced. One UTF-8 JSON document with a
 * fixed field order; the bytes are what the CMS signature and the RFC 3161 token cover, so a third party
 * checks them with openssl alone (docs/via.md). The address appears masked; KVK person data appears because
 * the file is the provider's own evidence of a KVK consent and only that provider can download it.
 */
import { maskAddress } from './challenge.js';
import type { PersonData } from './request.js';

export const EVIDENCE_FORMAT = 'iys-via-evidence/1';

export interface EvidenceInput {
  requestId: string;
  iysCode: number;
  providerTitle: string;
  form: { formId: number; name: string; kind: string; text: string; textSha256: string };
  verificationType: string;
  channel: 'SMS' | 'EPOSTA';
  recipient: string;
  /** The message sent, without its code or token. */
  message: string;
  startedBy: string;
  /** ISO 8601 instants. */
  requestedAt: string;
  sentAt?: string;
  openedAt?: string;
  answeredAt: string;
  completedAt: string;
  /** How many answers the OTP took (1–3); links answer once. */
  tries?: number;
  /** Link answers: where the recipient answered from. */
  recipientIp?: string;
  decision: 'APPROVED' | 'DECLINED';
  requested: Record<string, unknown>;
  consents: {
    title: string;
    type: string;
    brandCode?: number;
    brandName?: string;
    outcome: string;
    status?: string;
    source?: string;
    consentDate?: string;
    transactionId?: string;
    code?: string;
  }[];
  personData?: PersonData;
}

export function evidenceDocument(e: EvidenceInput): string {
  const doc = {
    format: EVIDENCE_FORMAT,
    requestId: e.requestId,
    iysCode: e.iysCode,
    providerTitle: e.providerTitle,
    form: {
      formId: e.form.formId,
      name: e.form.name,
      kind: e.form.kind,
      text: e.form.text,
      textSha256: e.form.textSha256,
    },
    verification: {
      verificationType: e.verificationType,
      channel: e.channel,
      recipient: maskAddress(e.recipient),
      message: e.message,
      requestedAt: e.requestedAt,
      ...(e.sentAt ? { sentAt: e.sentAt } : {}),
      ...(e.openedAt ? { openedAt: e.openedAt } : {}),
      answeredAt: e.answeredAt,
      ...(e.tries !== undefined ? { tries: e.tries } : {}),
      ...(e.recipientIp ? { recipientIp: e.recipientIp } : {}),
      startedBy: e.startedBy,
    },
    decision: e.decision,
    requested: e.requested,
    consents: e.consents,
    ...(e.personData ? { personData: e.personData } : {}),
    completedAt: e.completedAt,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** How to check the files of the archive (shipped in it, Turkish and English commands are the same). */
export function verificationNote(base: string): string {
  return `İYS ViA işlem dosyası / ViA evidence file

${base}.json      işlem özeti (UTF-8 JSON) / the summary
${base}.json.p7s  hizmet sağlayıcının kanıt anahtarıyla CMS imzası (ayrık, DER) / detached CMS signature
${base}.json.tsr  İYS zaman damgası (RFC 3161) / the registry's time stamp

Kök sertifika (root.pem) İYS'den ayrıca alınır (GET /pki/root.pem); parmak izini yayımlanan değerle karşılaştırın.

openssl cms -verify -binary -inform DER -in ${base}.json.p7s -content ${base}.json -CAfile root.pem -purpose any -out /dev/null
openssl ts -verify -data ${base}.json -in ${base}.json.tsr -CAfile root.pem
sha256sum ${base}.json   # form.textSha256: sha256 of form.text
`;
}

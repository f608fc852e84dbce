import { createHmac } from 'node:crypto';

/**
 * Push deliveries (reference §7.8): only movements with an IYS_* source, POSTed as
 * `{"list":[{iysCode, brandCode, consentDate, creationDate, source, recipient, recipientType, status, type,
 * transactionId}]}` with Basic auth, answered within 5 s. Our improvement: every delivery is signed,
 * `X-IYS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>" under the connection's password>`,
 * so the receiver can check origin and freshness with the secret it already holds.
 */
export const pushRules = {
  timeoutMs: 5000,
  maxActivePerType: 2,
  /** Concurrent connections per brand and channel (a receiver is never hit harder than this). */
  maxConnections: 2,
  maxMovementsPerDelivery: 100,
  backoffBaseSeconds: 10,
  backoffMaxSeconds: 900,
} as const;

export const statusTexts = { created: 'Bağlantı Oluşturuldu', failed: 'Bağlantı Oluşturulamadı' } as const;

/** İYS's fixed test payload, sent when a connection is made (OAS pushRegistration). */
export const testPayload = {
  list: [
    {
      iysCode: 121212,
      brandCode: 121212,
      consentDate: '2015-05-01 15:00:00',
      creationDate: '2015-05-01 15:00:00',
      source: 'IYS_MOBIL',
      recipient: 'pushtest@iys.org.tr',
      recipientType: 'BIREYSEL',
      status: 'ONAY',
      type: 'EPOSTA',
      transactionId: 'e52ee30512adfcd2a41fb3b4682f5bd61eee5b1c92bda665fc0b7e56644d429d',
    },
  ],
};

export function isPushed(source: string | undefined): boolean {
  return Boolean(source?.startsWith('IYS_'));
}

/** https only (H531); plain http to the loopback address only when the local runtime allows it. */
export function urlAcceptable(raw: string, allowHttpLoopback: boolean): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:') return true;
  return (
    allowHttpLoopback && u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')
  );
}

export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Delay before the next attempt after `attempt` failed ones (1-based): base·2^(n−1), capped. */
export function backoffSeconds(attempt: number, base: number = pushRules.backoffBaseSeconds): number {
  return Math.min(pushRules.backoffMaxSeconds, base * 2 ** Math.max(0, attempt - 1));
}

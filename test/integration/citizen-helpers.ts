import type { TestSystem } from './harness.js';

/** The newest one-time code the outbox sent to an address. */
export async function lastCode(sys: TestSystem, to: string): Promise<string | undefined> {
  const r = await sys.call('GET', '/local/outbox');
  const m = (r.body as { to: string; text: string }[]).find((x) => x.to === to && /kodunuz/.test(x.text));
  return m ? /(\d{6})/.exec(m.text)?.[1] : undefined;
}

/** Verifies an address through the outbox and returns a session token. */
export async function citizenSession(sys: TestSystem, recipient: string): Promise<string> {
  const v = await sys.call('POST', '/citizen/verifications', { body: { recipient } });
  if (v.status !== 202) throw new Error(`verification ${v.status} ${v.text}`);
  const code = await lastCode(sys, recipient.toLowerCase());
  const s = await sys.call('POST', '/citizen/sessions', { body: { recipient, code } });
  if (s.status !== 200) throw new Error(`session ${s.status} ${s.text}`);
  return s.body.token as string;
}

export const turkeyNow = (d: Date) =>
  new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

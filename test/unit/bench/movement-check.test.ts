import { describe, expect, it } from 'vitest';
import { checkMovements, type MovementCheckInput } from '../../../bench/movement-check.js';

const A = 'BIREYSEL|EPOSTA|a@example.com';
const B = 'BIREYSEL|MESAJ|+905330000001';
const t = (n: number) => n.toString(16).padStart(64, '0');

/** Two consents, three movements (A: t1 then t2; B: t3), everything where it belongs. */
function good(): MovementCheckInput {
  return {
    answered: [
      { key: A, transactionId: t(1) },
      { key: B, transactionId: t(3) },
      { key: A, transactionId: t(2) },
    ],
    uncertain: [],
    feed: [
      { key: A, transactionId: t(1) },
      { key: B, transactionId: t(3) },
      { key: A, transactionId: t(2) },
    ],
    history: new Map([
      [A, [t(2), t(1)]],
      [B, [t(3)]],
    ]),
    detail: new Map([
      [A, t(2)],
      [B, t(3)],
    ]),
  };
}

describe('the load benchmark’s movement check', () => {
  it('passes when every answered movement is in the feed and the history once, and nothing else is', () => {
    const r = checkMovements(good());
    expect(r.ok).toBe(true);
    expect(r).toMatchObject({ answers: 3, distinctAnsweredTransactions: 3, consentsAnswered: 2 });
    expect(r.feed).toMatchObject({ items: 3, distinct: 3, missing: 0, doubled: 0, unexpected: 0 });
    expect(r.history).toMatchObject({
      consentsRead: 2,
      items: 3,
      missing: 0,
      doubled: 0,
      differsFromFeed: 0,
    });
  });

  it('a repeated answer (same body, same second: same transactionId) is one movement, not a missing one', () => {
    const input = good();
    input.answered.push({ key: A, transactionId: t(1) });
    const r = checkMovements(input);
    expect(r.ok).toBe(true);
    expect(r.repeatedAnswers).toBe(1);
  });

  it('fails on a movement missing from the feed', () => {
    const input = good();
    input.feed = input.feed.filter((m) => m.transactionId !== t(3));
    const r = checkMovements(input);
    expect(r.ok).toBe(false);
    expect(r.feed.missing).toBe(1);
    expect(r.history.differsFromFeed).toBe(1);
    expect(r.samples.feedMissing).toEqual([`${B} ${t(3)}`]);
  });

  it('fails on a movement doubled in the feed', () => {
    const input = good();
    input.feed.push({ key: A, transactionId: t(1) });
    const r = checkMovements(input);
    expect(r.ok).toBe(false);
    expect(r.feed).toMatchObject({ items: 4, distinct: 3, doubled: 1, missing: 0 });
  });

  it('fails on a movement nobody was answered, unless its consent had an add without an answer', () => {
    const input = good();
    input.feed.push({ key: B, transactionId: t(9) });
    input.history.set(B, [t(9), t(3)]);
    input.detail.set(B, t(9));
    const r = checkMovements(input);
    expect(r.ok).toBe(false);
    expect(r.feed.unexpected).toBe(1);
    expect(r.history.unexpected).toBe(1);
    expect(r.detail.unexpected).toBe(1);

    input.uncertain = [B];
    const allowed = checkMovements(input);
    expect(allowed.ok).toBe(true);
    expect(allowed.feed).toMatchObject({ unexpected: 0, ofUnansweredAdds: 1 });
    expect(allowed.history.ofUnansweredAdds).toBe(1);
  });

  it('fails on a movement filed under another consent', () => {
    const input = good();
    input.feed[1] = { key: A, transactionId: t(3) };
    expect(checkMovements(input).feed.wrongConsent).toBe(1);
    expect(checkMovements(input).ok).toBe(false);
  });

  it('fails on a movement missing from or doubled in a history, and on a history not read', () => {
    const missing = good();
    missing.history.set(A, [t(2)]);
    expect(checkMovements(missing)).toMatchObject({ ok: false, history: { missing: 1, differsFromFeed: 1 } });

    const doubled = good();
    doubled.history.set(A, [t(2), t(1), t(1)]);
    expect(checkMovements(doubled)).toMatchObject({ ok: false, history: { doubled: 1 } });

    const notRead = good();
    notRead.history.delete(B);
    expect(checkMovements(notRead)).toMatchObject({ ok: false, history: { consentsNotRead: 1, missing: 0 } });
  });

  it('fails when consentDetail is not the newest movement of the history, or is 404 for an answered consent', () => {
    const stale = good();
    stale.detail.set(A, t(1));
    expect(checkMovements(stale)).toMatchObject({ ok: false, detail: { notNewestOfHistory: 1 } });

    const gone = good();
    gone.detail.set(B, undefined);
    expect(checkMovements(gone)).toMatchObject({ ok: false, detail: { notFound: 1 } });
  });

  it('fails when one transactionId was answered for two consents', () => {
    const input = good();
    input.answered.push({ key: B, transactionId: t(1) });
    expect(checkMovements(input)).toMatchObject({ ok: false, transactionIdOnTwoConsents: 1 });
  });
});

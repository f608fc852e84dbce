/**
 * The load benchmark's verification (bench/load.ts), apart from its I/O so that a unit test can make it fail
 * (test/unit/bench/movement-check.test.ts). Given what the clients were answered and what the system shows
 * afterwards, it counts:
 *   - answers: every 200 of an add, with its transactionId. A v1 add repeated with the same body in the same
 *     second is answered with the first transactionId and makes no movement (functions/domain/consent/request.ts),
 *     so answers are compared as a set of distinct transactionIds;
 *   - uncertain consents: adds that got no answer (a timeout, a reset connection). Each may or may not have
 *     moved, so a movement of that consent that nobody was answered is allowed (and counted), not an error;
 *   - the change feed, read from its start to its end: every answered transactionId exactly once (missing,
 *     doubled), nothing that was not answered (unexpected);
 *   - each consent's history (consentsHistory, every page): the same, per consent, and the same set of
 *     movements as the feed holds for that consent;
 *   - each consent's consentDetail: its transactionId is the newest of its history, and one that was answered.
 * `ok` is true only when nothing is missing, doubled or unexpected anywhere and every answered consent's
 * history was read.
 */

export interface AnsweredAdd {
  /** The consent: `recipientType|type|recipient` (as the feed and history spell them). */
  key: string;
  transactionId: string;
}

export interface MovementSeen {
  key: string;
  transactionId: string;
}

export interface MovementCheckInput {
  answered: AnsweredAdd[];
  /** Consents with at least one add that got no answer. */
  uncertain: Iterable<string>;
  /** The change feed, from its start to its end, in the order read. */
  feed: MovementSeen[];
  /** Each consent's history, newest first (every page, in order); a consent not read is absent. */
  history: Map<string, string[]>;
  /** Each consent's consentDetail transactionId (undefined: 404). */
  detail: Map<string, string | undefined>;
}

export interface MovementCheck {
  ok: boolean;
  answers: number;
  distinctAnsweredTransactions: number;
  /** Answers that repeated an earlier answer's transactionId (same body, same second: no movement). */
  repeatedAnswers: number;
  /** An answered transactionId that was answered for two different consents (never expected). */
  transactionIdOnTwoConsents: number;
  consentsAnswered: number;
  uncertainConsents: number;
  feed: {
    items: number;
    distinct: number;
    missing: number;
    doubled: number;
    unexpected: number;
    /** Movements nobody was answered, of consents with an unanswered add (allowed). */
    ofUnansweredAdds: number;
    /** A transactionId in the feed under another consent than the one it was answered for. */
    wrongConsent: number;
  };
  history: {
    consentsRead: number;
    consentsNotRead: number;
    items: number;
    missing: number;
    doubled: number;
    unexpected: number;
    ofUnansweredAdds: number;
    /** Consents whose history and feed hold different sets of movements. */
    differsFromFeed: number;
  };
  detail: {
    consentsRead: number;
    /** consentDetail answered 404 for a consent with an answered add. */
    notFound: number;
    /** consentDetail's transactionId is not the newest of the consent's history. */
    notNewestOfHistory: number;
    /** consentDetail's transactionId was never answered (and the consent had no unanswered add). */
    unexpected: number;
  };
  samples: Record<string, string[]>;
}

const SAMPLE = 5;

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  map.set(key, set);
  set.add(value);
}

export function checkMovements(input: MovementCheckInput): MovementCheck {
  const samples: Record<string, string[]> = {};
  const sample = (kind: string, what: string) => {
    const list = samples[kind] ?? [];
    samples[kind] = list;
    if (list.length < SAMPLE) list.push(what);
  };
  const uncertain = new Set(input.uncertain);

  // What was answered: transactionId → consent, consent → its transactionIds.
  const answeredKey = new Map<string, string>();
  const byConsent = new Map<string, Set<string>>();
  let repeatedAnswers = 0;
  let transactionIdOnTwoConsents = 0;
  for (const a of input.answered) {
    const known = answeredKey.get(a.transactionId);
    if (known !== undefined) {
      if (known === a.key) repeatedAnswers++;
      else {
        transactionIdOnTwoConsents++;
        sample('transactionIdOnTwoConsents', `${a.transactionId} ${known} / ${a.key}`);
      }
      continue;
    }
    answeredKey.set(a.transactionId, a.key);
    addTo(byConsent, a.key, a.transactionId);
  }

  /** Tallies a list of movements against the answers; `scope` limits "missing" to some consents. */
  const tally = (kind: string, items: MovementSeen[], scope?: (key: string) => boolean) => {
    const count = new Map<string, number>();
    let unexpected = 0;
    let ofUnansweredAdds = 0;
    let wrongConsent = 0;
    for (const m of items) {
      const n = (count.get(m.transactionId) ?? 0) + 1;
      count.set(m.transactionId, n);
      if (n > 1) continue; // counted as doubled below
      const key = answeredKey.get(m.transactionId);
      if (key === undefined) {
        if (uncertain.has(m.key)) ofUnansweredAdds++;
        else {
          unexpected++;
          sample(`${kind}Unexpected`, `${m.key} ${m.transactionId}`);
        }
      } else if (key !== m.key) {
        wrongConsent++;
        sample(`${kind}WrongConsent`, `${m.transactionId} answered for ${key}, shown under ${m.key}`);
      }
    }
    let doubled = 0;
    for (const [txn, n] of count)
      if (n > 1) {
        doubled += n - 1;
        sample(`${kind}Doubled`, `${txn} ×${n}`);
      }
    let missing = 0;
    for (const [txn, key] of answeredKey) {
      if (scope && !scope(key)) continue;
      if (!count.has(txn)) {
        missing++;
        sample(`${kind}Missing`, `${key} ${txn}`);
      }
    }
    return {
      items: items.length,
      distinct: count.size,
      missing,
      doubled,
      unexpected,
      ofUnansweredAdds,
      wrongConsent,
    };
  };

  const feed = tally('feed', input.feed);

  // History: one list per consent read; consents with answers that were not read are counted, not checked.
  const historyItems: MovementSeen[] = [];
  for (const [key, txns] of input.history)
    for (const transactionId of txns) historyItems.push({ key, transactionId });
  const h = tally('history', historyItems, (key) => input.history.has(key));
  let consentsNotRead = 0;
  for (const key of byConsent.keys()) if (!input.history.has(key)) consentsNotRead++;

  const feedByConsent = new Map<string, Set<string>>();
  for (const m of input.feed) {
    addTo(feedByConsent, m.key, m.transactionId);
  }
  let differsFromFeed = 0;
  for (const [key, txns] of input.history) {
    const inFeed = feedByConsent.get(key) ?? new Set<string>();
    const inHistory = new Set(txns);
    if (inFeed.size !== inHistory.size || [...inHistory].some((t) => !inFeed.has(t))) {
      differsFromFeed++;
      sample('historyDiffersFromFeed', `${key}: history ${inHistory.size}, feed ${inFeed.size}`);
    }
  }

  let notFound = 0;
  let notNewestOfHistory = 0;
  let detailUnexpected = 0;
  for (const [key, txn] of input.detail) {
    if (txn === undefined) {
      if (byConsent.has(key)) {
        notFound++;
        sample('detailNotFound', key);
      }
      continue;
    }
    const hist = input.history.get(key);
    if (hist && hist[0] !== txn) {
      notNewestOfHistory++;
      sample('detailNotNewestOfHistory', `${key}: detail ${txn}, history ${hist[0] ?? '(empty)'}`);
    }
    if (answeredKey.get(txn) !== key && !uncertain.has(key)) {
      detailUnexpected++;
      sample('detailUnexpected', `${key} ${txn}`);
    }
  }

  const history = {
    consentsRead: input.history.size,
    consentsNotRead,
    items: h.items,
    missing: h.missing,
    doubled: h.doubled,
    unexpected: h.unexpected + h.wrongConsent,
    ofUnansweredAdds: h.ofUnansweredAdds,
    differsFromFeed,
  };
  const detail = {
    consentsRead: input.detail.size,
    notFound,
    notNewestOfHistory,
    unexpected: detailUnexpected,
  };
  const ok =
    transactionIdOnTwoConsents === 0 &&
    feed.missing === 0 &&
    feed.doubled === 0 &&
    feed.unexpected === 0 &&
    feed.wrongConsent === 0 &&
    history.consentsNotRead === 0 &&
    history.missing === 0 &&
    history.doubled === 0 &&
    history.unexpected === 0 &&
    history.differsFromFeed === 0 &&
    detail.notFound === 0 &&
    detail.notNewestOfHistory === 0 &&
    detail.unexpected === 0;
  return {
    ok,
    answers: input.answered.length,
    distinctAnsweredTransactions: answeredKey.size,
    repeatedAnswers,
    transactionIdOnTwoConsents,
    consentsAnswered: byConsent.size,
    uncertainConsents: uncertain.size,
    feed,
    history,
    detail,
    samples,
  };
}

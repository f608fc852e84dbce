import * as fs from 'node:fs';
import { rateRules } from '../../functions/domain/rate-limits.js';
import type { FunctionGrants } from '../../functions/specs/grants.js';
import type { SpecRoute } from '../../functions/specs/index.js';
import { queues, schedules, tables } from '../../functions/specs/resources.js';
import { type Analysis, analyse, declaredNeeds, type Need } from './needs.js';

/**
 * Where the source analysis (needs.ts) over-approximates, reviewed: it counts every file a module imports,
 * but some modules provably never run some of them. Each entry says why; the check fails when an entry no
 * longer matches the code (a stale review), so the list cannot quietly outlive what it describes.
 */

/** An import edge a module never runs (the file is still entered when another edge reaches it). */
export interface Cut {
  from: string;
  to: string;
  /** The modules it applies to: API modules by their spec, or named modules. */
  applies: (module: string, route: SpecRoute | undefined) => boolean;
  reason: string;
}

/** A need the analysis finds that the named modules never exercise, as long as it comes only from `via`. */
export interface Exemption {
  need: Need;
  /** The modules it applies to; 'undeclared' = every module whose declaration lacks the need. */
  modules: readonly string[] | 'undeclared';
  /** The files the need may come from; from any other file it counts again. */
  via: readonly string[];
  reason: string;
}

export const cuts: Cut[] = [
  {
    from: 'functions/http/api-handler.ts',
    to: 'functions/adapters/citizen-session.ts',
    applies: (_, route) => route !== undefined && route.spec.auth !== 'citizen',
    reason: 'apiHandler calls verifySession only for operations with auth "citizen".',
  },
  {
    from: 'functions/http/api-handler.ts',
    to: 'functions/adapters/directory.ts',
    applies: (_, route) => route !== undefined && !route.spec.rights,
    reason: 'apiHandler reads the directory (targetFacts) only for operations that declare rights.',
  },
  {
    from: 'functions/http/api-handler.ts',
    to: 'functions/adapters/registry-store.ts',
    applies: (_, route) => route !== undefined && rateRules(route.spec).length === 0,
    reason:
      'apiHandler counts requests (countRequest, docs/limits.md) only for operations with request limits (functions/domain/rate-limits.ts).',
  },
];

export const exemptions: Exemption[] = [
  {
    need: 'key:TokenSigningKey:sign',
    modules: 'undeclared',
    via: ['functions/adapters/citizen-session.ts'],
    reason:
      'Recipient sessions are signed by citizen-session.issueSession (openSession of citizen-sessions); other modules import that file for verifying or for the recipient index only. (Access and refresh tokens are signed through functions/wiring/identity.ts, which only create-token reaches.)',
  },
  {
    need: 'providerKeys:create',
    modules: ['create-application', 'list-applications', 'application-detail', 'reject-application'],
    via: ['functions/wiring/onboarding.ts'],
    reason:
      'Only onboarding.createProvider reaches ensureProviderKeys (its providerKeys port, wired in functions/wiring/onboarding.ts), and of the application use cases only approveApplication calls createProvider.',
  },
  {
    need: 'messaging',
    modules: ['create-application', 'list-applications', 'application-detail'],
    via: ['functions/adapters/outbox.ts'],
    reason:
      'Of app/applications.ts only approveApplication and rejectApplication send (the applicant is told the decision).',
  },
];

export interface FunctionModule {
  module: string;
  entry: string;
  route?: SpecRoute;
}

/** Every function of the stack by handler module: API operations, the authorizer, consumers, jobs. */
export function functionModules(routes: SpecRoute[], entryOf: (module: string) => string): FunctionModule[] {
  const out = new Map<string, FunctionModule>();
  out.set('authorizer', { module: 'authorizer', entry: entryOf('authorizer') });
  for (const r of routes)
    if (!out.has(r.module)) out.set(r.module, { module: r.module, entry: entryOf(r.module), route: r });
  const others = [
    ...queues.flatMap((q) => (q.consumer ? [q.consumer.module] : [])),
    ...tables.flatMap((t) => (t.streamConsumer ? [t.streamConsumer.module] : [])),
    ...schedules.map((j) => j.module),
  ];
  // Consumers and jobs join the stack once their handler file exists (lib/stateless-stack.ts).
  for (const m of others) if (fs.existsSync(entryOf(m))) out.set(m, { module: m, entry: entryOf(m) });
  return [...out.values()];
}

export interface Verdict {
  /** What the code reaches and the declaration lacks. */
  missing: Need[];
  /** What the declaration grants and the code never reaches. */
  excess: Need[];
  /** The reviewed cuts and exemptions this module used. */
  cutsUsed: Cut[];
  exemptionsUsed: Exemption[];
  analysis: Analysis;
}

/** The declaration of one module against what its code reaches (with the reviewed cuts and exemptions). */
export function verdict(
  fm: FunctionModule,
  declared: FunctionGrants,
  review: { cuts: Cut[]; exemptions: Exemption[] } = { cuts, exemptions },
): Verdict {
  const applicable = review.cuts.filter((c) => c.applies(fm.module, fm.route));
  const cutsUsed = new Set<Cut>();
  const analysis = analyse(fm.entry, (from, to) => {
    const cut = applicable.find((c) => c.from === from && c.to === to);
    if (cut) cutsUsed.add(cut);
    return !cut;
  });
  const wanted = declaredNeeds(declared);
  const exemptionsUsed = new Set<Exemption>();
  const missing: Need[] = [];
  for (const need of [...analysis.needs].sort()) {
    if (wanted.has(need)) continue;
    const sources = analysis.from.get(need) ?? [];
    const exemption = review.exemptions.find(
      (e) =>
        e.need === need &&
        (e.modules === 'undeclared' || e.modules.includes(fm.module)) &&
        sources.every((f) => e.via.includes(f)),
    );
    if (exemption) exemptionsUsed.add(exemption);
    else missing.push(need);
  }
  const excess = [...wanted].filter((n) => !analysis.needs.has(n)).sort();
  return { missing, excess, cutsUsed: [...cutsUsed], exemptionsUsed: [...exemptionsUsed], analysis };
}

/**
 * Reviewed entries that no longer describe the code: a cut no module uses (its edge is gone), an exemption a
 * listed module no longer needs, an 'undeclared' exemption nobody needs.
 */
export function staleReview(
  verdicts: ReadonlyMap<string, Verdict>,
  review: { cuts: Cut[]; exemptions: Exemption[] } = { cuts, exemptions },
): string[] {
  const stale: string[] = [];
  const all = [...verdicts.values()];
  for (const c of review.cuts) {
    if (!all.some((v) => v.cutsUsed.includes(c))) stale.push(`cut ${c.from} → ${c.to}`);
  }
  for (const e of review.exemptions) {
    if (e.modules === 'undeclared') {
      if (!all.some((v) => v.exemptionsUsed.includes(e))) stale.push(`exemption ${e.need}`);
      continue;
    }
    for (const m of e.modules) {
      if (!verdicts.get(m)?.exemptionsUsed.includes(e)) stale.push(`exemption ${e.need} for ${m}`);
    }
  }
  return stale;
}

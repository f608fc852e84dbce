import { specRoutes } from '../../functions/specs/index.js';

/**
 * What the API answered in the integration tests, against what each operation's spec documents: every
 * error code an operation answers must be listed (in a response description of the same status) in its
 * spec, so the served OpenAPI document never hides a code a client can get. The harness records every
 * call; a test file's system refuses to stop while an answer is undocumented.
 */
interface CompiledRoute {
  method: string;
  pattern: RegExp;
  literals: number;
  operationId: string;
  documented: Map<number, Set<string>>;
  /** The descriptions by status, for ViA PASS's codes (OTP-ERROR-…, ERR-SYS-…), named there as they are. */
  descriptions: Map<number, string>;
}

/** The codes a description names: single codes, and ranges such as `H110–H121` (every catalogued code between). */
export function codesOf(description: string): Set<string> {
  const out = new Set<string>();
  for (const m of description.matchAll(/\b([HX])(\d{3,4})(?:\s*[–-]\s*\1?(\d{3,4}))?\b/g)) {
    const [, letter, from, to] = m;
    if (!to) {
      out.add(`${letter}${from}`);
      continue;
    }
    for (let n = Number(from); n <= Number(to); n++)
      out.add(`${letter}${String(n).padStart(from!.length, '0')}`);
  }
  return out;
}

const routes: CompiledRoute[] = specRoutes()
  .map(({ spec }) => {
    const segments = spec.path.split('/').filter(Boolean);
    const pattern = new RegExp(
      `^/${segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`,
    );
    const documented = new Map<number, Set<string>>();
    const descriptions = new Map<number, string>();
    for (const [status, r] of Object.entries(spec.responses)) {
      documented.set(Number(status), codesOf(r.description));
      descriptions.set(Number(status), r.description);
    }
    return {
      method: spec.method,
      pattern,
      literals: segments.filter((s) => !s.startsWith('{')).length,
      operationId: spec.operationId,
      documented,
      descriptions,
    };
  })
  .sort((a, b) => b.literals - a.literals);

export interface Undocumented {
  operationId: string;
  status: number;
  code: string;
}

export class AnswerLog {
  private readonly seen = new Map<string, Undocumented>();

  record(method: string, url: string, status: number, body: unknown): void {
    if (status < 400) return;
    const path = url.split('?')[0]!;
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return; // not an operation of the API (the portal's files, local routes)
    const pass = body as { errorCode?: unknown; subSystemErrorInfo?: { errors?: { code?: unknown }[] } };
    if (typeof pass?.errorCode === 'string') {
      // ViA PASS's shape: its code and the subsystem's codes must be named in that status's description.
      const described = route.descriptions.get(status) ?? '';
      const named = new RegExp(`(^|[^\\w-])${pass.errorCode}($|[^\\w-])`).test(described);
      const sub = (pass.subSystemErrorInfo?.errors ?? []).map((e) => String(e?.code));
      for (const code of [
        ...(named ? [] : [pass.errorCode]),
        ...sub.filter((c) => !codesOf(described).has(c)),
      ])
        this.seen.set(`${route.operationId}|${status}|${code}`, {
          operationId: route.operationId,
          status,
          code,
        });
      return;
    }
    const errors = (body as { errors?: { code?: unknown }[] } | undefined)?.errors;
    if (!Array.isArray(errors)) return; // OAuth answers and gateway refusals without İYS's shape
    for (const e of errors) {
      const code = typeof e?.code === 'string' ? e.code : undefined;
      if (!code || route.documented.get(status)?.has(code)) continue;
      this.seen.set(`${route.operationId}|${status}|${code}`, {
        operationId: route.operationId,
        status,
        code,
      });
    }
  }

  undocumented(): Undocumented[] {
    return [...this.seen.values()].sort((a, b) =>
      `${a.operationId}${a.status}${a.code}` < `${b.operationId}${b.status}${b.code}` ? -1 : 1,
    );
  }
}

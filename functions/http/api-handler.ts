import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { verifySession } from '../adapters/citizen-session.js';
import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import { env } from '../adapters/env.js';
import { logger } from '../adapters/logger.js';
import { observed } from '../adapters/observability.js';
import { countRequest } from '../adapters/registry-store.js';
import { errorItem, IysError, OAuthError } from '../domain/errors.js';
import { identityFromContext } from '../domain/identity.js';
import { authorise, parseCode, type TargetFacts } from '../domain/rights.js';
import { issuesToErrors } from '../domain/validation.js';
import { ViaPassError, viaPassAnswer } from '../domain/via/pass-errors.js';
import { securityHeaders } from './gateway-responses.js';
import type { Operation, Request, Response } from './operation.js';
import { enforceRateLimits } from './rate-limit.js';

type Headers = Record<string, string>;

function lowerHeaders(h: APIGatewayProxyEvent['headers'] | null | undefined): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(h ?? {})) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** The body's exact bytes (binary bodies arrive base64-encoded, as API Gateway passes them). */
function bodyBytes(event: APIGatewayProxyEvent): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

function parseBody(op: Operation<unknown, unknown>, raw: string, headers: Headers): unknown {
  const type = (headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (op.formBody && type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    if (op.formBody) throw new OAuthError(400, 'invalid_request', 'İstek gövdesi okunamadı.');
    throw IysError.of('H014');
  }
}

/** Query strings arrive as strings; numbers are coerced by the schemas. Repeated keys keep the last value. */
function queryOf(event: APIGatewayProxyEvent): Record<string, string> {
  return { ...(event.queryStringParameters ?? {}) } as Record<string, string>;
}

function toResult(res: Response, requestId: string): APIGatewayProxyResult {
  const headers: Record<string, string> = {
    ...securityHeaders,
    'x-request-id': requestId,
    ...(res.headers ?? {}),
  };
  if (res.raw) {
    headers['content-type'] = res.raw.contentType;
    return {
      statusCode: res.status,
      headers,
      body: res.raw.data,
      isBase64Encoded: Boolean(res.raw.isBase64),
    };
  }
  if (res.body === undefined) return { statusCode: res.status, headers, body: '' };
  headers['content-type'] = 'application/json; charset=utf-8';
  return { statusCode: res.status, headers, body: JSON.stringify(res.body) };
}

async function targetFacts(op: Operation<unknown, unknown>, req: Request): Promise<TargetFacts> {
  const { iysCode, brandCode } = req.codes;
  const facts: TargetFacts = {};
  if (iysCode === undefined) return facts;
  facts.iysCode = iysCode;
  const identity = req.identity!;
  const [provider, brand, grants] = await Promise.all([
    directory.provider(iysCode),
    brandCode !== undefined ? directory.brand(iysCode, brandCode) : undefined,
    identity.kind === 'INTEGRATOR' && identity.integratorCode !== undefined
      ? directory.grants(identity.integratorCode)
      : undefined,
  ]);
  facts.providerExists = Boolean(provider);
  if (provider) facts.subscription = provider.subscription ?? null;
  if (brandCode !== undefined) {
    facts.brandCode = brandCode;
    if (brand) facts.brandOwner = brand.iysCode;
  }
  if (grants) facts.grants = grants;
  void op;
  return facts;
}

/**
 * Turns an operation into a Lambda handler for API Gateway REST proxy events:
 * size check → body parse (H014) → path codes (H190/H191) → identity (H351) → rights (H363/H353/H001/H018)
 * → the handler's caller check (a webhook's signature) → schema validation (H-codes, H118) → channel rights
 * → use case → HTTP answer. Errors leave in İYS's
 * shape; anything unexpected is logged by request id and answered H015 without detail.
 */
export function apiHandler<B, Q>(op: Operation<B, Q>) {
  const generic = op as unknown as Operation<unknown, unknown>;
  const base = async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'local';
    const started = Date.now();
    let res: Response;
    try {
      res = await handle(generic, event, requestId);
    } catch (e) {
      res = errorResponse(e, op.operationId, requestId, op);
    }
    logger.info('request', {
      requestId,
      operationId: op.operationId,
      status: res.status,
      ms: Date.now() - started,
      ...(res.status >= 400 && res.body && typeof res.body === 'object' && 'errors' in res.body
        ? { codes: (res.body as { errors: { code: string }[] }).errors.map((e) => e.code).slice(0, 20) }
        : {}),
      ...(res.status >= 400 && res.body && typeof res.body === 'object' && 'errorCode' in res.body
        ? { codes: viaPassCodesOf(res.body as ViaPassError['body']) }
        : {}),
    });
    return toResult(res, requestId);
  };
  return observed(base);
}

async function handle(
  op: Operation<unknown, unknown>,
  event: APIGatewayProxyEvent,
  requestId: string,
): Promise<Response> {
  const headers = lowerHeaders(event.headers);
  const sourceIp = event.requestContext?.identity?.sourceIp ?? '0.0.0.0';
  const identity = identityFromContext(
    event.requestContext?.authorizer as Record<string, unknown> | undefined,
  );
  // İYS's request limits first (docs/limits.md): every request to a limited operation counts.
  await enforceRateLimits(
    op,
    { ip: sourceIp, ...(identity ? { username: identity.username } : {}) },
    env.rateLimits(),
    clock.now().getTime(),
    countRequest,
  );
  const rawBytes = bodyBytes(event);
  if (rawBytes.length > env.maxBodyBytes()) throw IysError.of('X001');
  const rawBody = rawBytes.toString('utf8');

  const path = (event.pathParameters ?? {}) as Record<string, string>;
  const codes: Request['codes'] = {};
  const pathErrors = [];
  for (const [name, code] of [
    ['iysCode', 'H190'],
    ['brandCode', 'H191'],
    ['integratorCode', 'H190'],
  ] as const) {
    if (path[name] === undefined) continue;
    try {
      codes[name] = parseCode(path[name], code, name);
    } catch (e) {
      pathErrors.push(...(e as IysError).errors);
    }
  }
  if (pathErrors.length) throw new IysError(pathErrors);

  if (op.auth === 'bearer' && !identity) throw IysError.of('H351');
  // Recipient sessions (auth 'citizen', issue 6): checked here rather than by the gateway authorizer; the
  // token carries the sealed address (adapters/citizen-session.ts). Any failure is X042.
  let citizen: Request['citizen'];
  if (op.auth === 'citizen') {
    const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
    const s = m ? await verifySession(m[1]!, Math.floor(clock.now().getTime() / 1000)) : undefined;
    if (!s) throw IysError.of('X042');
    citizen = { recipient: s.recipient, ridx: s.ridx };
  }

  const req: Request = {
    body: undefined,
    query: {},
    path,
    codes,
    headers,
    ...(identity ? { identity } : {}),
    ...(citizen ? { citizen } : {}),
    sourceIp,
    requestId,
    rawBody,
    rawBytes,
  };

  // Rights on the target before looking at the body: a caller learns nothing about data it may not see.
  if (op.rights && identity) authorise(identity, { ...op.rights, channels: [] }, await targetFacts(op, req));

  const errors = [];
  if (op.query) {
    const r = op.query.safeParse(queryOf(event));
    if (r.success) req.query = r.data;
    else
      errors.push(
        ...issuesToErrors(r.error.issues, queryOf(event), { fallbackCode: op.queryErrorCode ?? 'X008' }),
      );
  }
  const parsed = op.body ? parseBody(op, rawBody, headers) : undefined;
  if (op.verifyCaller) await op.verifyCaller(req);
  if (op.body && op.checkBody) {
    req.body = parsed;
    if (!errors.length) {
      const r = op.checkBody(parsed, { now: clock.now(), path });
      if (r.ok) req.body = r.value;
      else errors.push(...r.errors);
    }
  } else if (op.body) {
    req.body = parsed;
    const r = op.body.safeParse(parsed);
    if (r.success) req.body = r.data;
    else
      errors.push(
        ...issuesToErrors(r.error.issues, parsed, {
          fallbackCode: op.bodyErrorCode ?? 'X008',
          indexFromPath: Boolean(op.batchBody),
          ...(op.bodyMessages ? { messages: op.bodyMessages } : {}),
        }),
      );
  }
  // The channels a request names are the integrator's to see before it learns what is wrong with it (every
  // channelsFrom reads the body as sent).
  if ((op.rights?.channelsFrom || op.rights?.brandsFrom) && identity?.kind === 'INTEGRATOR') {
    const need = { ...op.rights, channels: op.rights.channelsFrom?.(req) ?? [] };
    const brands = op.rights.brandsFrom?.(req) ?? [];
    if (!brands.length) authorise(identity, need, await targetFacts(op, req));
    for (const brandCode of brands) {
      const facts = await targetFacts(op, { ...req, codes: { ...req.codes, brandCode } });
      // A brand of another provider is the use case's refusal to answer (H1014), not a rights question.
      if (facts.brandOwner === req.codes.iysCode) authorise(identity, need, facts);
    }
  }
  if (errors.length) throw new IysError(errors);
  return op.run(req);
}

/**
 * A refusal's answer. Its status is the error's (its first code's catalogue status, or the one it was given),
 * unless the operation's spec declares another status for that code (`statusOverrides`: İYS documents some
 * shared codes under another status in some operations).
 */
export function errorResponse(
  e: unknown,
  operationId: string,
  requestId: string,
  spec?: Pick<Operation, 'statusOverrides' | 'errorShape'>,
): Response {
  if (spec?.errorShape === 'viaPass') return viaPassResponse(e, operationId, requestId);
  if (e instanceof IysError)
    return {
      status: spec?.statusOverrides?.[e.errors[0]!.code] ?? e.status,
      body: e.toBody(),
      ...(e.retryAfterSeconds !== undefined
        ? { headers: { 'retry-after': String(e.retryAfterSeconds) } }
        : {}),
    };
  if (e instanceof OAuthError)
    return { status: e.status, body: { error: e.error, error_description: e.description } };
  // Never leak a stack or an AWS error text: log the class and the request id, answer H015.
  logger.error('unexpected error', {
    requestId,
    operationId,
    errorName: (e as Error)?.name,
    errorMessage: safeMessage(e),
  });
  return { status: 500, body: { errors: [errorItem('H015', { message: 'Beklenmedik bir hata oluştu!' })] } };
}

/** The codes of a ViA PASS refusal, for the request log (never a field's value). */
function viaPassCodesOf(body: ViaPassError['body']): string[] {
  return [body.errorCode, ...(body.subSystemErrorInfo?.errors ?? []).map((e) => e.code)].slice(0, 20);
}

/**
 * A ViA PASS operation's refusal in its own shape, with İYS's `trace_id` header (the request id the logs
 * carry) and, for a limit, `Retry-After`.
 */
function viaPassResponse(e: unknown, operationId: string, requestId: string): Response {
  const headers: Record<string, string> = { trace_id: requestId };
  if (e instanceof ViaPassError) return { status: e.status, body: e.body, headers };
  if (e instanceof IysError) {
    const a = viaPassAnswer(e);
    if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(e.retryAfterSeconds);
    return { status: a.status, body: a.body, headers };
  }
  logger.error('unexpected error', {
    requestId,
    operationId,
    errorName: (e as Error)?.name,
    errorMessage: safeMessage(e),
  });
  return { status: 500, body: new ViaPassError('ERR-SYS-0004').body, headers };
}

function safeMessage(e: unknown): string {
  const m = (e as Error)?.message ?? String(e);
  // Addresses could appear in SDK validation messages; keep only the first line, without digits or '@' runs.
  return m
    .split('\n')[0]!
    .replace(/\+?\d{6,}/g, '[n]')
    .replace(/\S+@\S+/g, '[e]')
    .slice(0, 300);
}

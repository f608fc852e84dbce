import type { z } from 'zod';
import { describeCode, type IysErrorItem } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { rateRules } from '../domain/rate-limits.js';
import type { Channel, Requirement } from '../domain/rights.js';
import type { IysMessages } from '../domain/validation.js';
import { errorBody } from '../schemas/identity.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** What a use case sees of an HTTP request, after validation. */
export interface Request<B = unknown, Q = unknown> {
  body: B;
  query: Q;
  /** Path parameters; iysCode/brandCode/integratorCode already checked to be integers. */
  path: Record<string, string>;
  codes: { iysCode?: number; brandCode?: number; integratorCode?: number };
  headers: Record<string, string>;
  identity?: Identity;
  /** auth 'citizen': the verified address of the recipient session (issue 6). */
  citizen?: { recipient: string; ridx: string };
  sourceIp: string;
  requestId: string;
  rawBody: string;
  /** The body's exact bytes (binary bodies such as RFC 3161 queries). */
  rawBytes: Uint8Array;
}

export interface Response {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw (already encoded) body: CSV, PEM, DER (base64-encoded with isBase64 true), HTML. */
  raw?: { contentType: string; data: string; isBase64?: boolean };
}

/** What a body check answers: the value the use case is given, or every error found. */
export type BodyCheck<B> = { ok: true; value: B } | { ok: false; errors: IysErrorItem[] };

/** What a body check may read besides the body: the request's instant and its path parameters. */
export interface BodyContext {
  now: Date;
  path: Readonly<Record<string, string>>;
}

export interface OperationResponses {
  [status: number]: { description: string; schema?: z.ZodType };
}

/**
 * One API operation's spec: its route, who may call it, its input schemas and its documented answers. A spec
 * module (functions/specs/) imports schemas and types only, never runtime code: the catalogue of specs
 * drives the CDK routes, the OpenAPI document and the local router without loading any handler.
 */
export interface OperationSpec<B = unknown, Q = unknown> {
  operationId: string;
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** `bearer`: our access token (Lambda authorizer); `none`: public; `citizen`: a recipient session. */
  auth: 'bearer' | 'none' | 'citizen';
  rights?: Requirement & {
    /** The channels the body names (an integrator's channel rights are checked on them). */
    channelsFrom?: (req: Request<B, Q>) => Channel[];
    /** The brands the body names, for operations without a brand in their path (startViaRequest). */
    brandsFrom?: (req: Request<B, Q>) => number[];
  };
  /** The body's shape: documented in the OpenAPI document and, without `checkBody`, the whole check. */
  body?: z.ZodType<B>;
  /**
   * The body's rules when its schema alone cannot decide them, from the domain: the clock (a consent's date is
   * refused together with its other field errors) or the path (a status check's channel). Integrators' channel
   * rights are checked on the parsed body before these errors are answered, as they would be by the use case.
   */
  checkBody?: (input: unknown, ctx: BodyContext) => BodyCheck<B>;
  /** Code reported when the body's shape is wrong as a whole (e.g. H085 for an add request). */
  bodyErrorCode?: string;
  /** İYS's texts for body codes whose catalogue message does not fit this body (e.g. H093 names its field). */
  bodyMessages?: IysMessages;
  /** Body formats besides JSON (the token endpoint also takes form-urlencoded). */
  formBody?: boolean;
  query?: z.ZodType<Q>;
  queryErrorCode?: string;
  responses: OperationResponses;
  /**
   * İYS's HTTP status for codes this operation answers with another status than the catalogue's
   * (functions/domain/errors.ts): İYS documents a few shared codes per operation, e.g. searchRetailers' query
   * codes under 400 where consentsHistory has the same codes under 422. A refusal whose first code is listed
   * leaves with this status (functions/http/api-handler.ts), and the pipeline's codes are documented under it.
   * Each listed code must be documented under its status here and under no other (a unit test checks).
   */
  statusOverrides?: Readonly<Record<string, number>>;
  /** İYS batch bodies report item errors with `index`. */
  batchBody?: boolean;
  /**
   * How refusals are answered: İYS's `{"errors":[…]}` (the default), or ViA PASS's own
   * `{errorCode, errorMessage, data?, subSystemErrorInfo?}` (functions/domain/via/pass-errors.ts), whose
   * operations document their refusals themselves (the pipeline's H-codes are not added to them).
   */
  errorShape?: 'iys' | 'viaPass';
}

/** What the handler checks of its caller before the body is validated (runtime code: secrets). */
export interface CallerCheck {
  /**
   * Runs once the body is read and before it is validated, and throws to refuse: a signed webhook tells an
   * unsigned caller nothing about its body.
   */
  verifyCaller?(req: Pick<Request, 'headers' | 'rawBody' | 'rawBytes'>): void | Promise<void>;
}

/** A spec with its use-case call: what the Lambda handler (functions/handlers/) serves. */
export interface Operation<B = unknown, Q = unknown> extends OperationSpec<B, Q>, CallerCheck {
  run(req: Request<B, Q>): Promise<Response>;
}

/**
 * The codes the request pipeline itself can answer before the use case runs (functions/http/api-handler.ts
 * and the rights in functions/domain/rights.ts), from what the spec declares: its body, its path codes, its
 * authentication, its rights and its request limits. A spec lists only its use case's codes; these are added.
 */
export function pipelineCodes(spec: OperationSpec<unknown, unknown>): string[] {
  // API Gateway's stage throttling answers any method with THROTTLED (functions/http/gateway-responses.ts).
  const codes: string[] = ['H124'];
  if (spec.body) codes.push('H014', 'X001');
  if (spec.path.includes('{iysCode}') || spec.path.includes('{integratorCode}')) codes.push('H190');
  if (spec.path.includes('{brandCode}')) codes.push('H191');
  if (spec.auth === 'bearer') codes.push('H351');
  if (spec.auth === 'citizen') codes.push('X042');
  for (const rule of rateRules(spec)) if (!codes.includes(rule.code)) codes.push(rule.code);
  if (spec.auth === 'bearer' && spec.rights) {
    codes.push('H363', 'H353');
    if (spec.path.includes('{iysCode}')) {
      codes.push('H001');
      // The subscription gate applies to provider-side callers (HS, integrators).
      if (spec.rights.actors.some((a) => a === 'HS' || a === 'INTEGRATOR'))
        codes.push('H524', 'H521', 'H520', 'H586');
    }
    if (spec.path.includes('{brandCode}')) codes.push('H018');
  }
  return codes;
}

const codePattern = /\b[HX]\d{3,4}\b/g;

/** The status this operation answers a refusal with, by its first code: the spec's override, else the catalogue's. */
export function statusOf(spec: Pick<OperationSpec, 'statusOverrides'>, code: string): number {
  return spec.statusOverrides?.[code] ?? describeCode(code).status;
}

/** Adds the pipeline's codes to the responses of their statuses (İYS's catalogue gives each code's status). */
function withPipelineCodes<B, Q>(spec: OperationSpec<B, Q>): OperationSpec<B, Q> {
  if (spec.errorShape === 'viaPass') return spec;
  const responses: OperationResponses = { ...spec.responses };
  for (const code of pipelineCodes(spec as OperationSpec<unknown, unknown>)) {
    const status = statusOf(spec as OperationSpec<unknown, unknown>, code);
    const r = responses[status];
    if (!r) {
      responses[status] = { description: code, schema: errorBody };
      continue;
    }
    if ((r.description.match(codePattern) ?? ([] as string[])).includes(code)) continue;
    responses[status] = { ...r, description: `${r.description}, ${code}` };
  }
  return { ...spec, responses };
}

export function defineSpec<B = unknown, Q = unknown>(spec: OperationSpec<B, Q>): OperationSpec<B, Q> {
  return withPipelineCodes(spec);
}

/** Binds a spec to its use-case call (in the handler module, the Lambda's entry). */
export function implement<B, Q>(
  spec: OperationSpec<B, Q>,
  run: (req: Request<B, Q>) => Promise<Response>,
  check: CallerCheck = {},
): Operation<B, Q> {
  return { ...spec, ...check, run };
}

export function json(status: number, body?: unknown, headers?: Record<string, string>): Response {
  return { status, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) };
}

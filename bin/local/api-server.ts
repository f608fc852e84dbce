import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { clock } from '../../functions/adapters/clock.js';
import { authorizerResultTtlSeconds } from '../../functions/domain/identity.js';
import { gatewayResponses, securityHeaders } from '../../functions/http/gateway-responses.js';
import { specRoutes } from '../../functions/specs/index.js';

/**
 * The local stand-in for API Gateway (REST, Lambda proxy): turns HTTP requests into proxy events, runs the
 * TOKEN authorizer first for protected routes, calls the same handler module Lambda would, and writes the
 * result back. Gateway refusals use the same gateway responses the CDK stack installs. Like API Gateway, it
 * keeps the authorizer's answer for a token for the stack's result TTL (by the local clock), so a test can
 * see how long a revoked token still works.
 */
type LambdaHandler = (event: APIGatewayProxyEvent, context: unknown) => Promise<APIGatewayProxyResult>;
type Authorizer = (event: unknown) => Promise<{ context?: Record<string, unknown>; principalId: string }>;

interface CompiledRoute {
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  module: string;
  auth: string;
}

const maxPayloadBytes = 10 * 1024 * 1024; // API Gateway's own limit

function compile(): CompiledRoute[] {
  return specRoutes()
    .map(({ module, spec: operation }) => {
      const names: string[] = [];
      const segments = operation.path.split('/').filter(Boolean);
      const pattern = new RegExp(
        `^/${segments
          .map((s) => {
            const m = /^\{(\w+)\}$/.exec(s);
            if (m) {
              names.push(m[1]!);
              return '([^/]+)';
            }
            return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join('/')}/?$`,
      );
      return {
        method: operation.method,
        path: operation.path,
        pattern,
        names,
        literalSegments: segments.filter((s) => !s.startsWith('{')).length,
        module,
        auth: operation.auth,
      };
    })
    .sort((a, b) => b.literalSegments - a.literalSegments); // API Gateway prefers literal segments
}

const handlersDir = join(import.meta.dirname, '../../functions/handlers');
const handlerCache = new Map<string, Promise<LambdaHandler>>();
function loadHandler(module: string): Promise<LambdaHandler> {
  let h = handlerCache.get(module);
  if (!h) {
    h = import(/* @vite-ignore */ pathToFileURL(join(handlersDir, `${module}.ts`)).href).then(
      (m) => m.handler as LambdaHandler,
    );
    handlerCache.set(module, h);
  }
  return h;
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

function sendGateway(res: ServerResponse, which: keyof typeof gatewayResponses, requestId: string): void {
  const g = gatewayResponses[which];
  send(
    res,
    g.status,
    {
      ...securityHeaders,
      ...('headers' in g ? g.headers : {}),
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': requestId,
    },
    JSON.stringify(g.body),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > maxPayloadBytes) return 'too-large';
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

const textTypes = /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/i;

/** Development-only routes of the local runtime (/local/...), never part of the deployed API. */
export interface ExtraRoute {
  method: string;
  path: string | RegExp;
  handle(
    req: IncomingMessage,
    body: Buffer,
    match: RegExpExecArray | undefined,
  ): Promise<{ status: number; body: unknown; contentType?: string; headers?: Record<string, string> }>;
}

export function createApiServer(extra: ExtraRoute[] = []): Server {
  const compiled = compile();
  // The authorizer's allowing answers per Authorization header, as API Gateway caches them.
  const allowed = new Map<string, { at: number; context: Record<string, unknown> }>();
  const fresh = (e: { at: number }, now: number) =>
    now >= e.at && now - e.at < authorizerResultTtlSeconds * 1000;
  return createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = await readBody(req);
      if (body === 'too-large') return sendGateway(res, 'REQUEST_TOO_LARGE', requestId);
      const method = (req.method ?? 'GET').toUpperCase();

      for (const r of extra) {
        if (r.method !== method) continue;
        const m =
          typeof r.path === 'string'
            ? r.path === url.pathname
              ? ([url.pathname] as unknown as RegExpExecArray)
              : null
            : r.path.exec(url.pathname);
        if (!m) continue;
        const out = await r.handle(req, body, m);
        const text = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
        return send(
          res,
          out.status,
          { ...(out.headers ?? {}), 'content-type': out.contentType ?? 'application/json; charset=utf-8' },
          text,
        );
      }

      let match: { route: CompiledRoute; params: Record<string, string> } | undefined;
      for (const route of compiled) {
        if (route.method !== method) continue;
        const m = route.pattern.exec(url.pathname);
        if (!m) continue;
        const params: Record<string, string> = {};
        route.names.forEach((n, i) => {
          params[n] = decodeURIComponent(m[i + 1]!);
        });
        match = { route, params };
        break;
      }
      if (!match) return sendGateway(res, 'MISSING_AUTHENTICATION_TOKEN', requestId);

      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const methodArn = `arn:aws:execute-api:local:000000000000:local/local/${method}${match.route.path}`;

      let authorizerContext: Record<string, unknown> | undefined;
      if (match.route.auth === 'bearer') {
        const token = headers.authorization;
        if (!token) return sendGateway(res, 'UNAUTHORIZED', requestId);
        const now = clock.now().getTime();
        const hit = allowed.get(token);
        if (hit && fresh(hit, now)) authorizerContext = hit.context;
        else {
          const authorizer = (await loadHandler('authorizer')) as unknown as Authorizer;
          try {
            const r = await authorizer({ type: 'TOKEN', authorizationToken: token, methodArn });
            authorizerContext = { ...(r.context ?? {}), principalId: r.principalId };
          } catch {
            allowed.delete(token);
            return sendGateway(res, 'UNAUTHORIZED', requestId);
          }
          if (allowed.size >= 10_000) for (const [k, e] of allowed) if (!fresh(e, now)) allowed.delete(k);
          allowed.set(token, { at: now, context: authorizerContext });
        }
      }

      const contentType = headers['content-type'] ?? '';
      const isText = body.length === 0 || textTypes.test(contentType);
      const query: Record<string, string> = {};
      const multi: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) {
        query[k] = v;
        multi[k] = [...(multi[k] ?? []), v];
      }
      const event = {
        resource: match.route.path,
        path: url.pathname,
        httpMethod: method,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: Object.keys(query).length ? query : null,
        multiValueQueryStringParameters: Object.keys(multi).length ? multi : null,
        pathParameters: Object.keys(match.params).length ? match.params : null,
        stageVariables: null,
        body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : null,
        isBase64Encoded: !isText,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          stage: 'local',
          requestId,
          resourcePath: match.route.path,
          httpMethod: method,
          path: `/local${url.pathname}`,
          requestTimeEpoch: Date.now(),
          identity: { sourceIp, userAgent: headers['user-agent'] ?? null },
          authorizer: authorizerContext ?? null,
        },
      } as unknown as APIGatewayProxyEvent;

      const handler = await loadHandler(match.route.module);
      const result = await handler(event, { awsRequestId: requestId, functionName: match.route.module });
      const out = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
      send(res, result.statusCode, (result.headers ?? {}) as Record<string, string>, out);
    } catch (e) {
      process.stderr.write(`local api: ${(e as Error).name}: ${(e as Error).message?.split('\n')[0]}\n`);
      sendGateway(res, 'DEFAULT_5XX', requestId);
    }
  });
}

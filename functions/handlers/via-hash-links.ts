import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { createLinks } from '../app/links.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaHashLinksBody, viaHashLinksResponse } from '../schemas/links.js';

/** Where links point: IYS_PUBLIC_URL when set, else the host the request came to. */
function baseUrl(headers: Record<string, string>): string {
  if (process.env.IYS_PUBLIC_URL) return process.env.IYS_PUBLIC_URL.replace(/\/$/, '');
  const proto = headers['x-forwarded-proto'] ?? (env.stage() === 'local' ? 'http' : 'https');
  return `${proto}://${headers.host ?? 'localhost'}`;
}

export const operation = defineOperation({
  operationId: 'via-hash-links',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/via-hash-links',
  summary: 'E-posta ret linki üretme (en fazla 100 alıcı, yalnızca ONAY izinler, tek kullanımlık, 90 gün)',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: () => ['EPOSTA'] },
  body: viaHashLinksBody,
  responses: {
    200: { description: 'Linkler (ONAY olmayanlar için H568)', schema: viaHashLinksResponse },
    400: { description: 'H097', schema: errorBody },
    422: { description: 'H114, H116, H120, H168, H170, X048', schema: errorBody },
  },
  run: async (req) =>
    json(
      200,
      await createLinks(
        { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
        req.body.recipients,
        baseUrl(req.headers),
        clock.now(),
      ),
    ),
});

export const handler = apiHandler(operation);

import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { createToken } from '../app/identity.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody, oauthError, tokenRequest, tokenResponse } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'createToken2',
  method: 'POST',
  path: '/oauth2/token',
  summary: 'Erişim jetonu al veya yenile (password / refresh_token)',
  tag: 'KİMLİK DOĞRULAMA',
  auth: 'none',
  formBody: true,
  body: tokenRequest,
  responses: {
    200: { description: 'Jeton', schema: tokenResponse },
    400: { description: 'OAuth2 hatası', schema: oauthError },
    429: { description: 'H084: saatlik jeton isteği sınırı', schema: errorBody },
  },
  run: async (req) =>
    json(
      200,
      await createToken(req.body as Record<string, unknown>, {
        ip: req.sourceIp,
        clock,
        limitPerHour: env.tokenLimitPerHour(),
      }),
    ),
});

export const handler = apiHandler(operation);

import { defineSpec } from '../http/operation.js';
import { errorBody, oauthError, tokenRequest, tokenResponse } from '../schemas/identity.js';

export const spec = defineSpec({
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
});

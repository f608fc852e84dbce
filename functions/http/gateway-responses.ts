/**
 * API Gateway's own answers (authorizer refusals, oversize bodies, throttling), in İYS's error shape.
 * The CDK stack installs these as gateway responses and the local runtime answers with the same bodies and
 * headers (every 429 says when to come back: `Retry-After`, docs/limits.md).
 */
export const gatewayResponses = {
  UNAUTHORIZED: { status: 401, body: { errors: [{ code: 'H351', message: 'Eksik veya geçersiz jeton!' }] } },
  ACCESS_DENIED: { status: 401, body: { errors: [{ code: 'H351', message: 'Eksik veya geçersiz jeton!' }] } },
  // The stage's and methods' token buckets refill every second: one second is when to come back.
  THROTTLED: {
    status: 429,
    headers: { 'retry-after': '1' },
    body: {
      errors: [
        {
          code: 'H124',
          message: 'Saniyede kabul edilen istek limitine ulaşıldı. Lütfen daha sonra tekrar deneyiniz.',
        },
      ],
    },
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    body: { errors: [{ code: 'X001', message: 'İstek gövdesi izin verilen boyutu aşıyor.' }] },
  },
  MISSING_AUTHENTICATION_TOKEN: {
    status: 404,
    body: { errors: [{ code: 'X002', message: 'İstenen kaynak bulunamadı.' }] },
  },
  DEFAULT_5XX: { status: 500, body: { errors: [{ code: 'H015', message: 'Beklenmedik bir hata oluştu!' }] } },
} as const;

export const securityHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

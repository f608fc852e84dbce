import { parseStartBody } from '../domain/via/request.js';
import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaStartBody, viaStartResponse } from '../schemas/via.js';

/** The channels an integrator must hold for the ETK consents asked (the body as sent). */
function etkChannels(body: unknown): ('ARAMA' | 'MESAJ' | 'EPOSTA')[] {
  const list = (body as { consentTypes?: unknown } | undefined)?.consentTypes;
  if (!Array.isArray(list)) return [];
  const out = new Set<'ARAMA' | 'MESAJ' | 'EPOSTA'>();
  for (const c of list) {
    const types = (c as { title?: unknown; types?: unknown })?.types;
    if ((c as { title?: unknown })?.title !== 'ETK' || !Array.isArray(types)) continue;
    for (const t of types) if (t === 'ARAMA' || t === 'MESAJ' || t === 'EPOSTA') out.add(t);
  }
  return [...out];
}

/** The brands of the ETK consents asked (integers only: anything else is the body check's to refuse). */
function etkBrands(body: unknown): number[] {
  const list = (body as { consentTypes?: unknown } | undefined)?.consentTypes;
  if (!Array.isArray(list)) return [];
  const out = new Set<number>();
  for (const c of list) {
    const codes = (c as { title?: unknown; brandCodes?: unknown })?.brandCodes;
    if ((c as { title?: unknown })?.title !== 'ETK' || !Array.isArray(codes)) continue;
    for (const b of codes) if (Number.isSafeInteger(b) && (b as number) > 0) out.add(b as number);
  }
  return [...out];
}

export const spec = defineSpec({
  operationId: 'startViaRequest',
  method: 'POST',
  path: '/via/sps/{iysCode}/consent',
  summary: 'VİA işlem başlatma: alıcıya OTP, kısa link veya onay linki gönderir (ETK ve/veya KVK)',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: {
    actors: ['HS', 'INTEGRATOR'],
    mode: 'write',
    channelsFrom: (req) => etkChannels(req.body),
    brandsFrom: (req) => etkBrands(req.body),
  },
  body: viaStartBody,
  checkBody: (input) => parseStartBody(input),
  statusOverrides: { H1060: 400, H1061: 400, H1063: 400 },
  responses: {
    200: { description: 'İstek başlatıldı (requestId)', schema: viaStartResponse },
    400: {
      description:
        'H1000, H1005, H1010, H1012, H1013, H1014, H1015, H1025, H1026, H1027, H1029, H1042, H1043, H1054, H1055, H1057, H1060, H1061, H1063, H1065, H1066, H1085, H1086, H1092, H1096',
      schema: errorBody,
    },
    429: { description: 'X071 alıcıya veya hizmet sağlayıcıya sınır (Retry-After)', schema: errorBody },
    500: { description: 'H1017', schema: errorBody },
  },
});

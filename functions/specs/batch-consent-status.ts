import { z } from 'zod';
import {
  batchStatusBodySchema,
  batchStatusBodySchemaFor,
  STATUS_BODY_MESSAGES,
} from '../domain/consent/schema.js';
import { CONSENT_TYPES } from '../domain/consent/types.js';
import type { Channel } from '../domain/rights.js';
import { issuesToErrors } from '../domain/validation.js';
import { defineSpec } from '../http/operation.js';
import { batchStatusResponse, statusPath } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

const pathSchema = z.object(statusPath);
const bodyFor = Object.fromEntries(CONSENT_TYPES.map((t) => [t, batchStatusBodySchemaFor(t)])) as Record<
  Channel,
  typeof batchStatusBodySchema
>;

export const spec = defineSpec({
  operationId: 'batchConsentStatus',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/{recipientType}/status/{type}',
  summary: 'Çoklu izin durumu: verilen ≤ 1000 alıcıdan ONAY olanlar',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: {
    actors: ['HS', 'INTEGRATOR'],
    mode: 'read',
    channelsFrom: (r) => (statusPath.type.safeParse(r.path.type).success ? [r.path.type as Channel] : []),
  },
  body: batchStatusBodySchema,
  // The recipients are checked for the channel the path names, so the path is checked first (and alone).
  checkBody: (input, { path }) => {
    const p = pathSchema.safeParse(path);
    if (!p.success)
      return { ok: false, errors: issuesToErrors(p.error.issues, path, { fallbackCode: 'H405' }) };
    const b = bodyFor[p.data.type].safeParse(input);
    if (b.success) return { ok: true, value: b.data };
    return {
      ok: false,
      errors: issuesToErrors(b.error.issues, input, { fallbackCode: 'H405', messages: STATUS_BODY_MESSAGES }),
    };
  },
  responses: {
    200: { description: 'ONAY olan alıcılar', schema: batchStatusResponse },
    422: { description: 'H116, H117, H164, H168, H478, H127, H193, H464, H120, H121', schema: errorBody },
  },
});

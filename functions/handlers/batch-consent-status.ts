import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { approvedRecipients } from '../app/consents.js';
import {
  batchStatusBodySchema,
  batchStatusBodySchemaFor,
  STATUS_BODY_MESSAGES,
} from '../domain/consent/schema.js';
import { IysError } from '../domain/errors.js';
import type { Channel } from '../domain/rights.js';
import { issuesToErrors } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { batchStatusResponse, statusPath } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

const pathSchema = z.object(statusPath);

export const operation = defineOperation({
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
  bodyValidation: 'usecase',
  responses: {
    200: { description: 'ONAY olan alıcılar', schema: batchStatusResponse },
    422: { description: 'H116, H117, H164, H168, H478, H127, H193, H464, H120, H121', schema: errorBody },
  },
  run: async (req) => {
    const path = pathSchema.safeParse(req.path);
    if (!path.success)
      throw new IysError(issuesToErrors(path.error.issues, req.path, { fallbackCode: 'H405' }));
    const body = batchStatusBodySchemaFor(path.data.type).safeParse(req.body);
    if (!body.success) {
      throw new IysError(
        issuesToErrors(body.error.issues, req.body, { fallbackCode: 'H405', messages: STATUS_BODY_MESSAGES }),
      );
    }
    const list = await approvedRecipients(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      path.data.recipientType,
      path.data.type,
      body.data.recipients,
    );
    return json(200, { requestId: randomUUID(), list });
  },
});

export const handler = apiHandler(operation);

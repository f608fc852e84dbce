import { checkBatchBody } from '../domain/consent/validate.js';
import { defineSpec } from '../http/operation.js';
import { batchAccepted, batchBody, batchChannels } from '../schemas/batch.js';
import { batchErrors } from './add-batch-consent.js';

export const spec = defineSpec({
  operationId: 'addBatchConsentV2',
  method: 'POST',
  path: '/v2/sps/{iysCode}/brands/{brandCode}/consents/request',
  summary:
    'Asenkron çoklu izin ekleme V2: daha önce aynı bilgilerle kaydedilmiş izin yeni hareket oluşturmaz; sorguda ilk işlem gösterilir.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => batchChannels(r.body) },
  body: batchBody,
  checkBody: (input, { now }) => checkBatchBody(input, now),
  batchBody: true,
  responses: { 202: { description: 'İşleme alındı', schema: batchAccepted }, ...batchErrors },
});

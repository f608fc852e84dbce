import { z } from 'zod';
import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'viaLinkAnswer',
  method: 'POST',
  path: '/v/{requestId}/{token}',
  summary: 'VİA kısa link / onay linki: alıcının yanıtı (onay, kanal seçimi veya ret; link bir kez çalışır)',
  tag: 'İLETİ ViA',
  auth: 'none',
  formBody: true,
  /** decision=approve|reject, and ARAMA=on / MESAJ=on for the channels chosen. */
  body: z.record(z.string(), z.string()),
  responses: {
    200: { description: 'HTML sayfa' },
    410: { description: 'Geçersiz link (HTML)' },
    422: { description: 'Seçim yapılmadı (HTML)' },
    503: { description: 'ViA kontörü yok (HTML)' },
  },
});

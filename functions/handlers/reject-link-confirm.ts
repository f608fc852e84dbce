import { clock } from '../adapters/clock.js';
import { confirmLink } from '../app/links.js';
import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { defineOperation, type Response } from '../http/operation.js';

/** POST /r/{token}: records RET (IYS_EPOSTA) once; the link is spent afterwards. */
export const operation = defineOperation({
  operationId: 'rejectLinkConfirm',
  method: 'POST',
  path: '/r/{token}',
  summary: 'Tek tıkla ret linki: reddi kaydet (kaynak IYS_EPOSTA)',
  tag: 'İLETİ ViA',
  auth: 'none',
  formBody: true,
  responses: { 200: { description: 'HTML sayfa' }, 410: { description: 'Geçersiz link (HTML)' } },
  run: async (req): Promise<Response> => {
    const r = await confirmLink(req.path.token ?? '', clock.now());
    if (r.state !== 'DONE') {
      return htmlPage(
        410,
        'Bağlantı geçersiz',
        '<p>Bu bağlantı geçersiz, daha önce kullanılmış veya süresi dolmuş.</p>',
      );
    }
    return htmlPage(
      200,
      'Reddiniz kaydedildi',
      `<p><strong>${escapeHtml(r.brandName)}</strong> markası için e-posta ileti izniniz <strong>RET</strong> olarak kaydedildi. Hizmet sağlayıcının göndermeyi durdurmak için en fazla 3 iş günü süresi vardır.</p>`,
    );
  },
});

export const handler = apiHandler(operation);

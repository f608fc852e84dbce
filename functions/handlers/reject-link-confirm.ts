import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { implement, type Response } from '../http/operation.js';
import { spec } from '../specs/reject-link-confirm.js';
import { awsLinks } from '../wiring/links.js';

/** POST /r/{token}: records RET (IYS_EPOSTA) once; the link is spent afterwards. */

/** The composition root: the reject-link use cases and their AWS ports, built once per cold start. */
const links = awsLinks();

export const operation = implement(spec, async (req): Promise<Response> => {
  const r = await links.confirmLink(req.path.token ?? '');
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
});

export const handler = apiHandler(operation);

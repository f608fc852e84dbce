import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { implement, type Response } from '../http/operation.js';
import { spec } from '../specs/reject-link-page.js';
import { awsLinks } from '../wiring/links.js';

/** GET /r/{token}: asks for confirmation (a mail scanner following the link changes nothing). */

/** The composition root: the reject-link use cases and their AWS ports, built once per cold start. */
const links = awsLinks();

export const operation = implement(spec, async (req): Promise<Response> => {
  const v = await links.viewLink(req.path.token ?? '');
  if (v.state !== 'OPEN') {
    return htmlPage(
      410,
      'Bağlantı geçersiz',
      '<p>Bu bağlantı geçersiz, daha önce kullanılmış veya süresi dolmuş.</p>',
    );
  }
  return htmlPage(
    200,
    'E-posta iletisi reddi',
    `<p><strong>${escapeHtml(v.brandName)}</strong> markasından <strong>${escapeHtml(v.maskedRecipient)}</strong> adresine ticari elektronik ileti gönderilmesini reddetmek istiyor musunuz?</p>
<form method="post" action="">
  <button type="submit">Evet, reddediyorum</button>
</form>
<p>İzinlerinizin tamamını <a href="/portal/">İYS alıcı portalında</a> görebilirsiniz.</p>`,
  );
});

export const handler = apiHandler(operation);

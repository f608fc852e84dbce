import { clock } from '../adapters/clock.js';
import { viewLink } from '../app/links.js';
import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { implement, type Response } from '../http/operation.js';
import { spec } from '../specs/reject-link-page.js';

/** GET /r/{token}: asks for confirmation (a mail scanner following the link changes nothing). */

export const operation = implement(spec, async (req): Promise<Response> => {
  const v = await viewLink(req.path.token ?? '', clock.now());
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

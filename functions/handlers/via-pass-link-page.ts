import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { implement, type Response } from '../http/operation.js';
import { spec } from '../specs/via-pass-link-page.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** GET /vp/{token}: shows what the recipient is asked to confirm (opening the link changes nothing). */

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

export const operation = implement(spec, async (req): Promise<Response> => {
  const v = await viaPass.viewLink(req.path.token ?? '');
  if (v.state !== 'OPEN') {
    return htmlPage(
      410,
      'Bağlantı geçersiz',
      '<p>Bu bağlantı geçersiz, daha önce kullanılmış veya süresi (24 saat) dolmuş.</p>',
    );
  }
  const address = v.channel === 'SMS' ? 'telefon numaranızı' : 'e-posta adresinizi';
  return htmlPage(
    200,
    'Doğrulama onayı',
    `<p><strong>${escapeHtml(v.providerTitle)}</strong>, İYS ViA PASS aracılığıyla <strong>${escapeHtml(v.maskedAddress)}</strong> ${address} doğrulamak istiyor.</p>
<section aria-labelledby="aydinlatma"><h2 id="aydinlatma">Aydınlatma metni</h2>
${paragraphs(v.clarification)}
</section>
<form method="post" action="">
  <button type="submit">Onaylıyorum</button>
</form>
<p>Bu isteği siz başlatmadıysanız sayfayı kapatabilirsiniz; hiçbir işlem yapılmaz.</p>`,
  );
});

export const handler = apiHandler(operation);

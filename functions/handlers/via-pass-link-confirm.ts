import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { implement, type Response } from '../http/operation.js';
import { spec } from '../specs/via-pass-link-confirm.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** POST /vp/{token}: the recipient's confirmation, recorded once with the recipient's IP address. */

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req): Promise<Response> => {
  const r = await viaPass.confirmLink(req.path.token ?? '', req.sourceIp);
  if (r.state !== 'DONE') {
    return htmlPage(
      410,
      'Bağlantı geçersiz',
      '<p>Bu bağlantı geçersiz, daha önce kullanılmış veya süresi (24 saat) dolmuş.</p>',
    );
  }
  return htmlPage(
    200,
    'Onayınız kaydedildi',
    `<p>Onayınız <strong>${escapeHtml(r.providerTitle)}</strong> için kaydedildi. Bu bağlantı artık kullanılamaz.</p>`,
  );
});

export const handler = apiHandler(operation);

import type { ConsentType } from '../domain/consent/types.js';
import { apiHandler } from '../http/api-handler.js';
import { escapeHtml, htmlPage } from '../http/html.js';
import { implement, type Response } from '../http/operation.js';
import { invalidLink, questionPage } from '../http/via-pages.js';
import { spec } from '../specs/via-link-answer.js';
import { awsVia } from '../wiring/via.js';

/** POST /v/{requestId}/{token}: records the recipient's answer once; the link is spent afterwards. */

/** The composition root: the ViA use cases and their AWS ports, built once per cold start. */
const via = awsVia();

export const operation = implement(spec, async (req): Promise<Response> => {
  const form = (req.body ?? {}) as Record<string, string>;
  const requestId = req.path.requestId ?? '';
  const token = req.path.token ?? '';
  const chosen = (['ARAMA', 'MESAJ', 'EPOSTA'] as ConsentType[]).filter((t) => form[t] === 'on');
  const r = await via.answerLink(requestId, token, {
    approve: form.decision === 'approve',
    chosen,
    ip: req.sourceIp,
  });
  if (r.state === 'INVALID') return invalidLink();
  if (r.state === 'NEED_CHOICE') {
    const v = await via.viewLink(requestId, token);
    if (v.state !== 'OPEN') return invalidLink();
    return questionPage(
      v,
      422,
      'Onaylamak için en az bir kanal seçin ya da “Onaylamıyorum” düğmesine basın.',
    );
  }
  if (r.state === 'NO_CREDIT')
    return htmlPage(
      503,
      'İşlem şu an yapılamıyor',
      '<p>Yanıtınız şu an kaydedilemedi. Bağlantı 24 saat geçerlidir; lütfen daha sonra tekrar deneyin.</p>',
    );
  return htmlPage(
    200,
    r.approved ? 'Onayınız kaydedildi' : 'Yanıtınız kaydedildi',
    r.approved
      ? `<p><strong>${escapeHtml(r.providerTitle)}</strong> için onayınız İYS'ye kaydedildi. Dilediğiniz an <a href="/portal/">İYS alıcı portalında</a> geri alabilirsiniz.</p>`
      : `<p><strong>${escapeHtml(r.providerTitle)}</strong> için onay vermediniz; izinleriniz değişmedi.</p>`,
  );
});

export const handler = apiHandler(operation);

import type { LinkView } from '../app/via.js';
import { escapeHtml, htmlPage } from './html.js';
import type { Response } from './operation.js';

/**
 * The recipient's ViA pages (short link, approval URL): Turkish, no script, every value escaped, the form
 * posting to the page's own address (strict CSP, ./html.ts). Labels, a fieldset per title, alerts by role.
 */
const channelNames: Record<string, string> = {
  ARAMA: 'Telefonla arama',
  MESAJ: 'Kısa mesaj (SMS)',
  EPOSTA: 'E-posta',
};
const kvkNames: Record<string, string> = {
  AYDINLATMA_METNI: 'Aydınlatma metnini okudum',
  ACIK_RIZA_METNI: 'Açık rıza metnini onaylıyorum',
  YURTDISI_AKTARIM: 'Kişisel verilerimin yurt dışına aktarılmasını onaylıyorum',
};

export const invalidLink = (): Response =>
  htmlPage(
    410,
    'Bağlantı geçersiz',
    '<p>Bu bağlantı geçersiz, daha önce kullanılmış veya süresi dolmuş.</p>',
  );

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

/** The page with the question (also shown again, with `error`, when the recipient chose nothing). */
export function questionPage(
  v: Extract<LinkView, { state: 'OPEN' }>,
  status = 200,
  error?: string,
): Response {
  const parts: string[] = [];
  if (error) parts.push(`<p role="alert" id="hata"><strong>${escapeHtml(error)}</strong></p>`);
  parts.push(
    `<p><strong>${escapeHtml(v.providerTitle)}</strong>, <strong>${escapeHtml(v.maskedRecipient)}</strong> adresi için onayınızı istiyor. İstek İYS (İleti Yönetim Sistemi) üzerinden gönderildi.</p>`,
  );
  parts.push(
    `<section aria-labelledby="metin-baslik"><h2 id="metin-baslik">${escapeHtml(v.formName || 'Onay metni')}</h2>\n${paragraphs(v.text)}</section>`,
  );
  const form: string[] = ['<form method="post" action="">'];
  if (v.etk) {
    form.push('<fieldset><legend>Ticari elektronik ileti onayı</legend>');
    form.push(`<p>Markalar: ${v.etk.brands.map(escapeHtml).join(', ')}</p>`);
    if (v.etk.choose) {
      form.push('<p id="kanal-aciklama">Hangi kanallardan ileti almak istediğinizi seçin.</p>');
      for (const t of v.etk.types)
        form.push(
          `<p><input type="checkbox" id="kanal-${t}" name="${t}" value="on" aria-describedby="kanal-aciklama"> <label for="kanal-${t}">${escapeHtml(channelNames[t] ?? t)}</label></p>`,
        );
    } else {
      form.push(`<p>Kanal: ${v.etk.types.map((t) => escapeHtml(channelNames[t] ?? t)).join(', ')}</p>`);
    }
    form.push('</fieldset>');
  }
  if (v.kvk) {
    form.push('<fieldset><legend>Kişisel verilerin korunması (KVK)</legend><ul>');
    for (const t of v.kvk.types) form.push(`<li>${escapeHtml(kvkNames[t] ?? t)}</li>`);
    form.push('</ul></fieldset>');
  }
  form.push(
    '<p><button type="submit" name="decision" value="approve">Onaylıyorum</button> <button type="submit" name="decision" value="reject">Onaylamıyorum</button></p>',
    '</form>',
  );
  parts.push(form.join('\n'));
  parts.push(
    '<p>Verdiğiniz onayları dilediğiniz an <a href="/portal/">İYS alıcı portalında</a> geri alabilirsiniz.</p>',
  );
  return htmlPage(status, 'Onay isteği', parts.join('\n'));
}

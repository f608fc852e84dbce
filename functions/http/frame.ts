import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseOrigin, type Widget } from '../domain/via/frame.js';
import { errorResponse } from './api-handler.js';
import { baseUrl } from './base-url.js';
import { escapeHtml } from './html.js';
import type { OperationSpec, Response } from './operation.js';

/**
 * What ViA Frame's handlers share (docs/via-frame.md): the CORS answer for the widget's embedding origins,
 * this registry's own origin (the frame's), the process answers that carry the next nonce, the widget's files
 * and the frame page with its policy.
 */

/** CORS for the provider's page: its origin is echoed only when it is one of the widget's; never credentials. */
export function corsHeaders(w: Pick<Widget, 'allowedOrigins'> | undefined, origin: string | undefined) {
  const o = origin ? normaliseOrigin(origin) : undefined;
  const headers: Record<string, string> = { vary: 'Origin' };
  if (w && o && w.allowedOrigins.includes(o)) headers['access-control-allow-origin'] = o;
  return headers;
}

/** The registry's own origin: IYS_PUBLIC_URL's when set, else the host the request came to. */
export function selfOrigin(headers: Record<string, string>): string {
  return new URL(baseUrl(headers)).origin;
}

/** The header that carries the next nonce on every process answer once the presented one is spent. */
export const nextNonceHeader = 'x-nonce-key';

export function processAnswer(
  outcome: { nextNonce: string } & ({ ok: true; body: unknown } | { ok: false; error: unknown }),
  spec: Pick<OperationSpec, 'operationId' | 'statusOverrides'>,
  requestId: string,
): Response {
  const res: Response = outcome.ok
    ? { status: 200, body: outcome.body }
    : errorResponse(outcome.error, spec.operationId, requestId, spec);
  return { ...res, headers: { ...(res.headers ?? {}), [nextNonceHeader]: outcome.nextNonce } };
}

/**
 * The widget's own files (widget/): read once per container. In Lambda they lie beside the bundle (copied
 * there at synth, lib/constructs/iys-function.ts); locally they are read from the repository.
 */
export const widgetFiles = ['loader.js', 'frame.js', 'frame.css'] as const;
export type WidgetFile = (typeof widgetFiles)[number];

export function readWidgetFile(name: WidgetFile): string {
  const beside = join(import.meta.dirname, name);
  return readFileSync(existsSync(beside) ? beside : join(import.meta.dirname, '../../widget', name), 'utf8');
}

/**
 * The frame's policy: its own script, style and API only, images also as data: (the captcha), no form posts,
 * and embeddable only by the widget's origins (frame-ancestors: a foreign page cannot even show it).
 */
export function frameCsp(w: Pick<Widget, 'allowedOrigins'>): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    "base-uri 'none'",
    `frame-ancestors ${w.allowedOrigins.join(' ')}`,
  ].join('; ');
}

const kvkNames: Record<string, string> = {
  AYDINLATMA_METNI: 'aydınlatma metnini okudum ve anladım',
  ACIK_RIZA_METNI: 'kişisel verilerimin işlenmesine açık rıza veriyorum',
  YURTDISI_AKTARIM: 'kişisel verilerimin yurt dışına aktarılmasına açık rıza veriyorum',
};
const etkNames: Record<string, string> = {
  MESAJ: 'kısa mesaj (SMS)',
  ARAMA: 'telefon araması',
  EPOSTA: 'e-posta',
};

const paragraphs = (s: string) =>
  s
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/**
 * The widget's page, in Turkish: every dynamic value escaped, no inline script or style (frame.js reads the
 * widget's choices from data- attributes). Each step is a labelled form; errors go to a live region and beside
 * their field, and the focus moves to what needs the recipient's attention (widget/frame.js).
 */
export function framePage(w: Widget, brandNames: string[]): string {
  const both = w.verificationTypes.length > 1;
  const etk = w.etkTypes.length
    ? `<fieldset class="choices" id="etk-group">
  <legend>Ticari elektronik ileti izni${brandNames.length ? `: ${escapeHtml(brandNames.join(', '))}` : ''}</legend>
  ${w.etkTypes
    .map(
      (t) =>
        `<div class="choice" data-channel="${t === 'EPOSTA' ? 'EPOSTA' : 'SMS'}"><input type="checkbox" id="etk-${t}" name="etk" value="${t}"><label for="etk-${t}">${escapeHtml(etkNames[t]!)} ile ileti almayı kabul ediyorum</label></div>`,
    )
    .join('\n  ')}
</fieldset>`
    : '';
  const kvk = w.kvkTypes.length
    ? `<section aria-labelledby="kvk-title" class="kvk">
  <h2 id="kvk-title">Kişisel verilerin korunması</h2>
  <div class="text" id="kvk-text" tabindex="0" role="region" aria-label="Aydınlatma metni">${paragraphs(w.kvkText ?? '')}</div>
  <fieldset class="choices" id="kvk-group">
  <legend>KVK onayları</legend>
  ${w.kvkTypes
    .map(
      (t) =>
        `<div class="choice"><input type="checkbox" id="kvk-${t}" name="kvk" value="${t}"><label for="kvk-${t}">${escapeHtml(kvkNames[t]!)}</label></div>`,
    )
    .join('\n  ')}
  </fieldset>
  <div class="field"><label for="citizen-name">Adınız ve soyadınız</label>
  <input id="citizen-name" name="citizenName" autocomplete="name" aria-describedby="citizen-name-error">
  <p class="error" id="citizen-name-error" hidden></p></div>
</section>`
    : '';
  const channelChoice = both
    ? `<fieldset class="choices" id="channel-group"><legend>Doğrulama yöntemi</legend>
  <div class="choice"><input type="radio" name="verificationType" id="vt-sms" value="SMS_OTP" checked><label for="vt-sms">Telefonuma kod gönderilsin</label></div>
  <div class="choice"><input type="radio" name="verificationType" id="vt-eposta" value="EPOSTA_OTP"><label for="vt-eposta">E-posta adresime kod gönderilsin</label></div>
</fieldset>`
    : `<input type="hidden" name="verificationType" value="${w.verificationTypes[0]}">`;
  return `<!doctype html>
<html lang="tr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(w.name)} – İYS onay formu</title>
<link rel="stylesheet" href="../assets/frame.css">
<script src="../assets/frame.js" defer></script></head>
<body>
<main id="widget" data-widget-uuid="${escapeHtml(w.widgetUUID)}" data-recipient-type="${w.recipientType}" data-allowed-origins="${escapeHtml(w.allowedOrigins.join(' '))}" data-has-kvk="${w.kvkTypes.length > 0}" data-has-etk="${w.etkTypes.length > 0}">
<h1 id="title" tabindex="-1">${escapeHtml(w.name)}</h1>
<div role="alert" id="alert" class="alert" hidden></div>
<p role="status" id="status" class="status"></p>
<form id="start-form" novalidate aria-labelledby="title">
<div class="text" id="form-text" tabindex="0" role="region" aria-label="Onay metni">${paragraphs(w.formText)}</div>
${channelChoice}
${etk}
${kvk}
<div class="field"><label for="recipient" id="recipient-label">Telefon numaranız (+90…)</label>
<input id="recipient" name="recipient" type="tel" autocomplete="tel" inputmode="tel" required aria-describedby="recipient-hint recipient-error">
<p class="hint" id="recipient-hint">Doğrulama kodu bu adrese gönderilir.</p>
<p class="error" id="recipient-error" hidden></p></div>
<div class="field captcha" id="captcha" hidden>
<img id="captcha-image" alt="Güvenlik kodu görseli: altı harf ve rakam">
<label for="captcha-text">Görseldeki güvenlik kodu</label>
<input id="captcha-text" name="captchaText" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="captcha-error">
<p class="error" id="captcha-error" hidden></p></div>
<button type="submit" id="send">Doğrulama kodu gönder</button>
</form>
<form id="complete-form" novalidate hidden aria-labelledby="otp-title">
<h2 id="otp-title" tabindex="-1">Doğrulama kodu</h2>
<p id="otp-sent"></p>
<div class="field"><label for="otp">6 haneli doğrulama kodu</label>
<input id="otp" name="otpCode" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required aria-describedby="otp-hint otp-error">
<p class="hint" id="otp-hint">Kod 3 dakika geçerlidir; en fazla 3 kez deneyebilirsiniz.</p>
<p class="error" id="otp-error" hidden></p></div>
<button type="submit" id="confirm">Onayla</button>
<button type="button" id="restart" class="secondary">Baştan başla</button>
</form>
<section id="done" hidden aria-labelledby="done-title">
<h2 id="done-title" tabindex="-1">Onayınız kaydedildi</h2>
<p>İzniniz İleti Yönetim Sistemi'ne kaydedildi. İzinlerinizi İYS alıcı portalından görebilir ve dilediğiniz zaman geri alabilirsiniz.</p>
</section>
</main>
</body></html>`;
}

/** What a provider puts on its page: the widget's place (its UUID as id) and the loader. */
export function embedHtml(w: Pick<Widget, 'widgetUUID'>, base: string): string {
  return `<div id="${w.widgetUUID}"></div>\n<script src="${base}/widget/load-widgetloader/${w.widgetUUID}" async></script>`;
}

/** A widget as its provider sees it: with the HTML to embed it. */
export const widgetAnswer = (w: Widget, base: string) => ({ ...w, embed: embedHtml(w, base) });

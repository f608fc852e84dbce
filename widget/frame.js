// İYS ViA Frame widget (docs/via-frame.md): runs in the registry's own iframe, under a strict policy (no
// inline script, this origin only). The session's keys arrive in the URL's fragment from the loader and are
// kept in this script's memory only; every process request spends its nonce and the answer gives the next.
// Every value goes into the page as text. Errors are announced (role=alert) and shown beside their field,
// and the focus moves to what needs attention.
const $ = (id) => document.getElementById(id);
const root = $('widget');
const keys = new URLSearchParams(location.hash.slice(1));
history.replaceState(null, '', location.pathname + location.search);
const session = { nonce: keys.get('n'), cookieKey: keys.get('k'), csrfToken: keys.get('c') };
const allowed = (root.dataset.allowedOrigins || '').split(' ').filter(Boolean);
const parentOrigin = allowed.includes(keys.get('o')) ? keys.get('o') : null;
const hasKvk = root.dataset.hasKvk === 'true';
let requestId = null;
let verificationType = null;
let consentType = null;
let captchaId = null;

function say(text) {
  $('status').textContent = text;
}

function alertText(text) {
  const a = $('alert');
  a.textContent = text;
  a.hidden = !text;
}

function fieldError(id, text) {
  const input = $(id);
  const err = $(`${id}-error`);
  if (err) {
    err.textContent = text || '';
    err.hidden = !text;
  }
  if (input) {
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function clearErrors() {
  alertText('');
  for (const id of ['recipient', 'citizen-name', 'captcha-text', 'otp']) fieldError(id, '');
}

function chosenVerification() {
  const c = document.querySelector('input[name="verificationType"]:checked');
  return c ? c.value : document.querySelector('input[name="verificationType"]').value;
}

/** The address field and the ETK choices follow the verification: a phone for SMS, an e-mail for EPOSTA. */
function followVerification() {
  const v = chosenVerification();
  const email = v === 'EPOSTA_OTP';
  const input = $('recipient');
  input.type = email ? 'email' : 'tel';
  input.autocomplete = email ? 'email' : 'tel';
  input.inputMode = email ? 'email' : 'tel';
  $('recipient-label').textContent = email ? 'E-posta adresiniz' : 'Telefon numaranız (+90…)';
  for (const c of document.querySelectorAll('.choice[data-channel]')) {
    const shown = c.dataset.channel === (email ? 'EPOSTA' : 'SMS');
    c.hidden = !shown;
    const box = c.querySelector('input');
    box.disabled = !shown;
    if (!shown) box.checked = false;
  }
}

function postHeight() {
  if (!parentOrigin || window.parent === window) return;
  window.parent.postMessage(
    // The content's own height (the document's scroll height never drops below the frame's), so it shrinks too.
    { type: 'via-frame-height', height: document.body.getBoundingClientRect().height },
    parentOrigin,
  );
}

const sessionCodes = new Set(['X091', 'X092', 'X093']);

async function call(step, body) {
  const r = await fetch(`../process/${step}/${root.dataset.widgetUuid}`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...body,
      cookieKey: session.cookieKey,
      csrfToken: session.csrfToken,
      nonceKey: session.nonce,
    }),
  });
  const next = r.headers.get('x-nonce-key');
  if (next) session.nonce = next;
  let data = null;
  try {
    data = await r.json();
  } catch {}
  return { ok: r.ok, status: r.status, data };
}

function firstError(data) {
  const e = data?.errors?.[0];
  return e ? { code: e.code, message: e.message, field: e.location?.[0] } : { message: 'İşlem yapılamadı.' };
}

function showSessionEnd() {
  alertText('Güvenlik oturumunuzun süresi doldu. Lütfen sayfayı yenileyip yeniden deneyin.');
  for (const b of document.querySelectorAll('button')) b.disabled = true;
  $('alert').focus?.();
}

function busy(button, on) {
  button.disabled = on;
  button.setAttribute('aria-busy', on ? 'true' : 'false');
}

$('start-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors();
  const etkTypes = [...document.querySelectorAll('input[name="etk"]:checked')].map((c) => c.value);
  const kvkTypes = [...document.querySelectorAll('input[name="kvk"]:checked')].map((c) => c.value);
  verificationType = chosenVerification();
  const recipient = $('recipient').value.trim();
  const name = hasKvk ? $('citizen-name').value.trim() : '';
  const problems = [];
  if (etkTypes.length === 0 && kvkTypes.length === 0)
    problems.push(['', 'Onaylamak istediğiniz en az bir seçeneği işaretleyin.']);
  if (!recipient)
    problems.push([
      'recipient',
      verificationType === 'EPOSTA_OTP' ? 'E-posta adresinizi yazın.' : 'Telefon numaranızı yazın.',
    ]);
  else if (
    verificationType === 'EPOSTA_OTP'
      ? !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipient)
      : !/^\+?[\d\s()-]{10,16}$/.test(recipient)
  )
    problems.push([
      'recipient',
      verificationType === 'EPOSTA_OTP'
        ? 'Geçerli bir e-posta adresi yazın (ör. ad@ornek.com).'
        : 'Geçerli bir telefon numarası yazın (ör. +905321234567).',
    ]);
  if (kvkTypes.length > 0 && !name)
    problems.push(['citizen-name', 'KVK onayı için adınızı ve soyadınızı yazın.']);
  if (!$('captcha').hidden && !$('captcha-text').value.trim())
    problems.push(['captcha-text', 'Görseldeki güvenlik kodunu yazın.']);
  if (problems.length) {
    for (const [id, text] of problems) if (id) fieldError(id, text);
    alertText(problems.map(([, t]) => t).join(' '));
    const first = problems.find(([id]) => id);
    if (first) $(first[0]).focus();
    else document.querySelector('#start-form input[type="checkbox"]:not(:disabled)')?.focus();
    return;
  }
  consentType = etkTypes.length && kvkTypes.length ? 'ETK_KVK' : kvkTypes.length ? 'KVK' : 'ETK';
  const button = $('send');
  busy(button, true);
  say('Doğrulama kodu gönderiliyor…');
  try {
    const r = await call('start', {
      etkTypes,
      kvkTypes,
      recipient,
      verificationType,
      recipientType: root.dataset.recipientType,
      widgetUUID: root.dataset.widgetUuid,
      citizenName: name,
      ...(captchaId ? { cid: captchaId, captchaText: $('captcha-text').value.trim() } : {}),
    });
    if (r.ok && r.data?.status === 'CAPTCHA_REQUIRED') {
      const m = r.data.message;
      captchaId = m.captchaId;
      $('captcha-image').src = m.captchaImage;
      $('captcha').hidden = false;
      $('captcha-text').value = '';
      const text =
        m.reason === 'WRONG'
          ? 'Güvenlik kodu hatalı. Yeni görseldeki kodu yazın.'
          : 'Devam etmek için görseldeki güvenlik kodunu yazın.';
      fieldError('captcha-text', m.reason === 'WRONG' ? text : '');
      alertText(text);
      say('');
      $('captcha-text').focus();
      return;
    }
    if (!r.ok) {
      const e = firstError(r.data);
      if (sessionCodes.has(e.code)) return showSessionEnd();
      say('');
      alertText(e.message);
      if (e.field === 'recipient') {
        fieldError('recipient', e.message);
        $('recipient').focus();
      } else if (e.field === 'citizenName') {
        fieldError('citizen-name', e.message);
        $('citizen-name').focus();
      }
      return;
    }
    requestId = r.data.message.requestId;
    captchaId = null;
    $('captcha').hidden = true;
    $('start-form').hidden = true;
    $('complete-form').hidden = false;
    const where = r.data.message.recipient;
    $('otp-sent').textContent =
      verificationType === 'EPOSTA_OTP'
        ? `${where} adresine 6 haneli bir kod gönderdik.`
        : `${where} numarasına 6 haneli bir kod gönderdik.`;
    say('Doğrulama kodu gönderildi.');
    $('otp').value = '';
    $('otp').focus();
  } catch {
    say('');
    alertText('Bağlantı kurulamadı. Lütfen yeniden deneyin.');
  } finally {
    busy(button, false);
    postHeight();
  }
});

$('complete-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors();
  const otpCode = $('otp').value.trim();
  if (!/^\d{6}$/.test(otpCode)) {
    fieldError('otp', 'Size gönderilen 6 haneli kodu yazın.');
    alertText('Size gönderilen 6 haneli kodu yazın.');
    $('otp').focus();
    return;
  }
  const button = $('confirm');
  busy(button, true);
  say('Kod denetleniyor…');
  try {
    const r = await call('complete', { requestId, otpCode, verificationType, consentType });
    if (!r.ok) {
      const e = firstError(r.data);
      if (sessionCodes.has(e.code)) return showSessionEnd();
      say('');
      fieldError('otp', e.message);
      alertText(e.message);
      $('otp').focus();
      return;
    }
    $('complete-form').hidden = true;
    $('done').hidden = false;
    // The heading takes the focus and is read out: a status line saying the same would be read twice.
    say('');
    $('done-title').focus();
  } catch {
    say('');
    alertText('Bağlantı kurulamadı. Lütfen yeniden deneyin.');
  } finally {
    busy(button, false);
    postHeight();
  }
});

$('restart').addEventListener('click', () => {
  clearErrors();
  requestId = null;
  $('complete-form').hidden = true;
  $('start-form').hidden = false;
  say('');
  $('recipient').focus();
  postHeight();
});

for (const r of document.querySelectorAll('input[name="verificationType"]'))
  r.addEventListener('change', followVerification);
followVerification();

if (!session.nonce || !session.cookieKey || !session.csrfToken) {
  alertText('Bu form yalnızca hizmet sağlayıcının sayfasında açılabilir.');
  for (const b of document.querySelectorAll('button')) b.disabled = true;
}
new ResizeObserver(postHeight).observe(document.body);
postHeight();

// İYS recipient portal. No inline script or style (strict CSP); every value goes into the page as text,
// never as HTML, so brand names and complaint texts are always shown escaped. The session token lives in
// this module's memory only: a reload ends the session.
import {
  channelNames,
  complaintStatusNames,
  el,
  monthNames,
  named,
  sourceNames,
  statusNames,
  trDateTime,
  trTime,
} from './format.js';

const $ = (id) => document.getElementById(id);
let token = null;
let address = '';
let sessionTimer = null;
const channel = (t) => channelNames[t] || t;

function say(text, kind = '') {
  const s = $('status');
  s.className = `notice ${kind}`;
  s.textContent = text;
}

/** An API error: İYS's {errors:[{code,message,location}]}. */
class ApiError extends Error {
  constructor(status, errors) {
    super(errors.map((e) => e.message).join(' ') || 'İşlem yapılamadı.');
    this.status = status;
    this.errors = errors;
  }
}

async function api(method, path, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await r.json();
  } catch {}
  if (!r.ok) {
    if (r.status === 401 && token) endSession('Oturumunuzun süresi doldu. Lütfen yeniden giriş yapın.');
    throw new ApiError(r.status, data?.errors ?? []);
  }
  return data;
}

/**
 * Shows each error beside the field its `location` names (fields maps API names to input ids); the rest
 * in the status line. The first field with an error gets the focus.
 */
function showErrors(form, fields, e) {
  for (const p of form.querySelectorAll('.field-error')) p.replaceChildren();
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  const rest = [];
  let first = null;
  for (const err of e.errors ?? []) {
    const name = Array.isArray(err.location) ? err.location[err.location.length - 1] : undefined;
    const id = fields[name];
    if (!id) {
      rest.push(err.code ? `${err.code}: ${err.message}` : err.message);
      continue;
    }
    const input = $(id);
    // A field's own error line, or its group's (the date pickers share one).
    const box = $(`${id}-error`) ?? input?.closest('fieldset')?.querySelector('.field-error');
    box?.append(el('span', { class: 'code', text: err.code ?? '' }), err.message, ' ');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  if (first) {
    first.focus();
    say('Formda düzeltilmesi gereken alanlar var.', 'error');
  } else say(rest.join(' ') || e.message, 'error');
}
function clearErrors(form) {
  showErrors(form, {}, { errors: [] });
  say('');
}

function show(id) {
  for (const s of ['step-address', 'step-code', 'step-consents']) $(s).hidden = s !== id;
  $('session').hidden = id !== 'step-consents';
}

/**
 * The session's end on this device's clock: the token's lifetime (exp − iat, both the server's clock)
 * from now, so a device whose clock is off still ends it on time.
 */
function sessionEnd(jwt, expiresAt) {
  try {
    const claims = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (claims.exp > claims.iat) return new Date(Date.now() + (claims.exp - claims.iat) * 1000);
  } catch {}
  return new Date(expiresAt);
}

function startSession(end) {
  $('session-end').textContent = `Oturumun bitişi: ${trTime(end)}`;
  clearInterval(sessionTimer);
  let warned = false;
  sessionTimer = setInterval(() => {
    const left = end.getTime() - Date.now();
    if (left <= 0) endSession('Oturumunuzun süresi doldu. Lütfen yeniden giriş yapın.');
    else if (left < 60_000 && !warned) {
      warned = true;
      say('Oturumunuz bir dakika içinde sona erecek.', 'warn');
    }
  }, 1000);
}
function endSession(message) {
  token = null;
  clearInterval(sessionTimer);
  $('consents').replaceChildren();
  $('complaints').replaceChildren();
  $('actions').replaceChildren();
  $('no-actions').hidden = false;
  show('step-address');
  say(message, 'ok');
  $('recipient').focus();
}

function consentCard(c) {
  const next = c.status === 'ONAY' ? 'RET' : 'ONAY';
  const button = el('button', {
    type: 'button',
    class: next === 'RET' ? 'btn-danger' : '',
    text: next === 'RET' ? 'Reddet' : 'Onayla',
    'aria-label': `${c.brandName} ${channel(c.type)}: ${next === 'RET' ? 'Reddet' : 'Onayla'}`,
  });
  button.addEventListener('click', () => change(c, next, button));
  return el(
    'li',
    { class: 'card' },
    el('h3', { text: `${c.brandName} · ${channel(c.type)}` }),
    el(
      'dl',
      { class: 'pairs' },
      el('dt', { text: 'Durum' }),
      el('dd', {}, el('span', { class: `badge ${c.status}`, text: statusNames[c.status] || c.status })),
      el('dt', { text: 'Hizmet sağlayıcı' }),
      el('dd', { text: c.providerTitle }),
      el('dt', { text: 'Kaynak' }),
      el('dd', { text: named(sourceNames, c.source) || '—' }),
      el('dt', { text: 'İzin tarihi' }),
      el('dd', { text: trDateTime(c.consentDate) || '—' }),
      el('dt', { text: 'Son değişiklik' }),
      el('dd', { text: trDateTime(c.creationDate) }),
    ),
    button,
  );
}

async function change(c, next, button) {
  button.disabled = true;
  try {
    const r = await api('POST', '/citizen/consents', {
      iysCode: c.iysCode,
      brandCode: c.brandCode,
      type: c.type,
      status: next,
      recipientType: c.recipientType,
    });
    const what = `${c.brandName} için ${channel(c.type)} izni ${next === 'RET' ? 'reddedildi' : 'onaylandı'}.`;
    // The record of what was done and when: the registry's own time and transaction id.
    $('no-actions').hidden = true;
    $('actions').prepend(
      el(
        'li',
        {},
        el('strong', { text: trDateTime(r.creationDate) }),
        ` — ${what} `,
        next === 'RET'
          ? 'Hizmet sağlayıcı en geç 3 iş günü içinde ileti göndermeyi bırakmalıdır. '
          : 'Marka size yeniden ileti gönderebilir. ',
        el('span', { class: 'muted', text: `İşlem numarası: ${r.transactionId}` }),
      ),
    );
    await loadConsents();
    say(what, 'ok');
  } catch (e) {
    button.disabled = false;
    say(e.message, 'error');
  }
}

async function loadConsents() {
  const data = await api('GET', '/citizen/consents');
  $('who').textContent = `Doğrulanan adres: ${data.recipient}`;
  const list = $('consents');
  list.replaceChildren();
  if (!data.list.length) list.append(el('li', { class: 'card', text: 'Bu adrese kayıtlı izin bulunmuyor.' }));
  for (const c of data.list) list.append(consentCard(c));
}

async function loadComplaints() {
  const data = await api('GET', '/citizen/complaints');
  const list = $('complaints');
  list.replaceChildren();
  $('no-complaints').hidden = data.list.length > 0;
  for (const c of data.list) {
    list.append(
      el(
        'li',
        { class: 'card' },
        el('h4', { text: `${c.brandName || c.sender || c.brandCode || ''} · ${channel(c.type)}` }),
        el(
          'dl',
          { class: 'pairs' },
          el('dt', { text: 'Durum' }),
          el('dd', { text: complaintStatusNames[c.status] || c.status }),
          el('dt', { text: 'İletinin geldiği an' }),
          el('dd', { text: trDateTime(c.receivedAt) }),
          el('dt', { text: 'Metin' }),
          el('dd', { text: c.text }),
        ),
      ),
    );
  }
}

async function sendCode() {
  const form = $('form-address');
  clearErrors(form);
  await api('POST', '/citizen/verifications', { recipient: address });
  say('Doğrulama kodu gönderildi. Kod 3 dakika geçerlidir.', 'ok');
  show('step-code');
  $('code').focus();
}

$('form-address').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  address = $('recipient').value.trim();
  const form = $('form-address');
  if (!address)
    return showErrors(
      form,
      { recipient: 'recipient' },
      {
        errors: [{ location: ['recipient'], message: 'Telefon numaranızı veya e-posta adresinizi yazın.' }],
      },
    );
  try {
    await sendCode();
  } catch (e) {
    showErrors(form, { recipient: 'recipient' }, e);
  }
});
$('resend').addEventListener('click', () => sendCode().catch((e) => say(e.message, 'error')));
$('form-code').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = $('form-code');
  clearErrors(form);
  if (!$('notice').checked)
    return showErrors(
      form,
      { notice: 'notice' },
      {
        errors: [{ location: ['notice'], message: 'Devam etmek için aydınlatma metnini onaylayın.' }],
      },
    );
  try {
    const s = await api('POST', '/citizen/sessions', { recipient: address, code: $('code').value.trim() });
    token = s.token;
    $('code').value = '';
    show('step-consents');
    startSession(sessionEnd(s.token, s.expiresAt));
    await loadConsents();
    await loadComplaints();
    say('Giriş yapıldı.', 'ok');
    $('h-consents').focus();
  } catch (e) {
    // Every failed code is the same X040; it belongs to the code field.
    showErrors(
      form,
      { code: 'code', recipient: 'code' },
      {
        errors: e.errors?.length
          ? e.errors.map((x) => ({ ...x, location: ['code'] }))
          : [{ location: ['code'], message: e.message }],
      },
    );
  }
});
$('logout').addEventListener('click', () => endSession('Oturumunuz kapatıldı.'));

$('form-brand').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = $('form-brand');
  clearErrors(form);
  const body = { brandCode: Number($('brandCode').value), type: $('brandType').value };
  if ($('citizenName').value.trim()) body.citizenName = $('citizenName').value.trim();
  try {
    await api('POST', '/citizen/brands', body);
    say('Marka eklendi.', 'ok');
    form.reset();
    await loadConsents();
  } catch (e) {
    showErrors(form, { brandCode: 'brandCode', citizenName: 'citizenName' }, e);
  }
});

// The complaint's moment: Turkish pickers (day, month by name, year, hour, minute), Turkey time (UTC+3
// all year since 2016), defaulting to now.
function fillPickers() {
  const now = new Date(Date.now() + 3 * 3600_000); // Turkey's wall clock in UTC fields
  const opts = (id, values, label, selected) =>
    $(id).replaceChildren(
      ...values.map((v, i) => el('option', { value: v, text: label(v, i), selected: v === selected })),
    );
  const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  opts('cDay', range(1, 31), String, now.getUTCDate());
  opts('cMonth', range(1, 12), (_, i) => monthNames[i], now.getUTCMonth() + 1);
  opts('cYear', [now.getUTCFullYear() - 1, now.getUTCFullYear()], String, now.getUTCFullYear());
  opts('cHour', range(0, 23), (v) => String(v).padStart(2, '0'), now.getUTCHours());
  opts('cMinute', range(0, 59), (v) => String(v).padStart(2, '0'), now.getUTCMinutes());
}
fillPickers();
const pad = (id) => String($(id).value).padStart(2, '0');

$('form-complaint').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = $('form-complaint');
  clearErrors(form);
  const fields = { receivedAt: 'cDay', brandCode: 'cBrand', sender: 'cSender', text: 'cText' };
  const day = `${$('cYear').value}-${pad('cMonth')}-${pad('cDay')}`;
  const probe = new Date(`${day}T00:00:00Z`);
  if (probe.toISOString().slice(0, 10) !== day)
    return showErrors(
      form,
      { receivedAt: 'cDay' },
      {
        errors: [{ location: ['receivedAt'], message: 'Bu ayda böyle bir gün yok.' }],
      },
    );
  const body = {
    type: $('cType').value,
    receivedAt: `${day}T${pad('cHour')}:${pad('cMinute')}:00+03:00`,
    text: $('cText').value,
  };
  if ($('cBrand').value) body.brandCode = Number($('cBrand').value);
  if ($('cSender').value.trim()) body.sender = $('cSender').value.trim();
  try {
    await api('POST', '/citizen/complaints', body);
    say('Şikayetiniz alındı.', 'ok');
    form.reset();
    fillPickers();
    await loadComplaints();
  } catch (e) {
    // A receivedAt error belongs to the whole date group; its message is under the pickers.
    showErrors(form, fields, e);
  }
});

// İYS recipient portal. No inline script or style (strict CSP); every value is put in the page with
// textContent, never as HTML, so names and complaint texts are always shown escaped.

(() => {
  const $ = (id) => document.getElementById(id);
  let token = null;
  let address = '';
  const typeNames = { MESAJ: 'SMS', ARAMA: 'Arama', EPOSTA: 'E-posta' };

  function say(text) {
    $('status').textContent = text;
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
      const msg = data?.errors ? data.errors.map((e) => e.message).join(' ') : 'İşlem yapılamadı.';
      if (r.status === 401 && token) {
        token = null;
        show('step-address');
      }
      throw new Error(msg);
    }
    return data;
  }
  function show(id) {
    for (const s of ['step-address', 'step-code', 'step-consents']) $(s).hidden = s !== id;
  }
  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  async function loadConsents() {
    const data = await api('GET', '/citizen/consents');
    $('who').textContent = `Doğrulanan adres: ${data.recipient}`;
    const body = $('consents');
    body.replaceChildren();
    if (!data.list.length) {
      const tr = document.createElement('tr');
      cell(tr, 'Bu adrese kayıtlı izin bulunmuyor.').colSpan = 8;
      body.appendChild(tr);
    }
    for (const c of data.list) {
      const tr = document.createElement('tr');
      cell(tr, c.brandName);
      cell(tr, c.providerTitle);
      cell(tr, typeNames[c.type] || c.type);
      cell(tr, c.status === 'ONAY' ? 'Onaylı' : 'Reddedildi', c.status);
      cell(tr, c.source || '');
      cell(tr, c.consentDate || '');
      cell(tr, c.creationDate);
      const td = cell(tr, '');
      const next = c.status === 'ONAY' ? 'RET' : 'ONAY';
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = next === 'RET' ? 'Reddet' : 'Onayla';
      b.setAttribute('aria-label', `${c.brandName} ${typeNames[c.type] || c.type}: ${b.textContent}`);
      b.addEventListener('click', async () => {
        try {
          await api('POST', '/citizen/consents', {
            iysCode: c.iysCode,
            brandCode: c.brandCode,
            type: c.type,
            status: next,
            recipientType: c.recipientType,
          });
          await loadConsents();
          say(
            `${c.brandName} için ${typeNames[c.type] || c.type} izni ${next === 'RET' ? 'reddedildi' : 'onaylandı'}.`,
          );
        } catch (e) {
          say(e.message);
        }
      });
      td.appendChild(b);
      body.appendChild(tr);
    }
  }
  async function loadComplaints() {
    const data = await api('GET', '/citizen/complaints');
    const ul = $('complaints');
    ul.replaceChildren();
    for (const c of data.list) {
      const li = document.createElement('li');
      li.textContent = `${c.brandName || c.sender || c.brandCode || ''} – ${typeNames[c.type] || c.type} – ${new Date(c.receivedAt).toLocaleString('tr-TR')} – ${c.status}: ${c.text}`;
      ul.appendChild(li);
    }
  }

  async function sendCode() {
    await api('POST', '/citizen/verifications', { recipient: address });
    say('Doğrulama kodu gönderildi. Kod 3 dakika geçerlidir.');
    show('step-code');
    $('code').focus();
  }
  $('form-address').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    address = $('recipient').value.trim();
    try {
      await sendCode();
    } catch (e) {
      say(e.message);
    }
  });
  $('resend').addEventListener('click', () => sendCode().catch((e) => say(e.message)));
  $('form-code').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const s = await api('POST', '/citizen/sessions', { recipient: address, code: $('code').value.trim() });
      token = s.token;
      show('step-consents');
      await loadConsents();
      await loadComplaints();
      say('Giriş yapıldı.');
      $('h-consents').setAttribute('tabindex', '-1');
      $('h-consents').focus();
    } catch (e) {
      say(e.message);
    }
  });
  $('form-brand').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { brandCode: Number($('brandCode').value), type: $('brandType').value };
    if ($('citizenName').value.trim()) body.citizenName = $('citizenName').value.trim();
    try {
      await api('POST', '/citizen/brands', body);
      say('Marka eklendi.');
      await loadConsents();
    } catch (e) {
      say(e.message);
    }
  });
  $('form-complaint').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      type: $('cType').value,
      receivedAt: new Date($('cAt').value).toISOString(),
      text: $('cText').value,
    };
    if ($('cBrand').value) body.brandCode = Number($('cBrand').value);
    if ($('cSender').value.trim()) body.sender = $('cSender').value.trim();
    try {
      await api('POST', '/citizen/complaints', body);
      say('Şikayetiniz alındı.');
      $('form-complaint').reset();
      await loadComplaints();
    } catch (e) {
      say(e.message);
    }
  });
})();

// İYS ViA Frame loader (docs/via-frame.md). It runs on the provider's own page, so it touches only the
// element whose id is the widget's UUID and defines no global. Flow, as İYS's own loader: publicKey gives a
// single-use nonce and the domain it was issued to ("nonce|domain"); load-widget spends the nonce and opens a
// widget session; the widget itself is an iframe of the registry's page (its own origin and strict policy), so
// the provider's scripts never see what the recipient types. The session's keys go to the frame in the URL's
// fragment, which is never sent to a server nor in a Referer.
(() => {
  const script = document.currentScript;
  if (!script?.src) return;
  const m = /^(.*)\/widget\/load-widgetloader\/([0-9a-fA-F-]{36})(?:[?#].*)?$/.exec(script.src);
  if (!m) return;
  const api = m[1];
  const uuid = m[2];
  const apiOrigin = new URL(api).origin;
  let place = document.getElementById(uuid);
  if (!place) {
    place = document.createElement('div');
    place.id = uuid;
    script.after(place);
  }
  place.setAttribute('aria-busy', 'true');
  place.textContent = 'Onay formu yükleniyor…';

  function fail(text) {
    place.removeAttribute('aria-busy');
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = text;
    place.replaceChildren(p);
  }

  const getJson = (url) =>
    fetch(url, { credentials: 'omit', mode: 'cors', cache: 'no-store' }).then((r) =>
      r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`)),
    );

  getJson(`${api}/widget/publicKey/${uuid}`)
    .then((data) => {
      const [nonce, domain] = String(data.message[0]).split('|');
      if (document.location.hostname !== domain) throw new Error('Invalid domain');
      return getJson(`${api}/widget/load-widget/${uuid}?apinoncekey=${encodeURIComponent(nonce)}`);
    })
    .then((data) => {
      const s = data.message;
      const frame = document.createElement('iframe');
      const keys = new URLSearchParams({
        n: s.nonceKey,
        k: s.cookieKey,
        c: s.csrfToken,
        o: document.location.origin,
      });
      frame.src = `${api}${s.framePath}#${keys}`;
      frame.title = `${s.title} (İYS onay formu)`;
      frame.referrerPolicy = 'no-referrer';
      frame.style.width = '100%';
      frame.style.border = '0';
      frame.style.height = '480px';
      frame.style.colorScheme = 'normal';
      window.addEventListener('message', (e) => {
        if (e.origin !== apiOrigin || e.source !== frame.contentWindow) return;
        if (e.data && e.data.type === 'via-frame-height' && Number.isFinite(e.data.height))
          frame.style.height = `${Math.ceil(e.data.height) + 4}px`;
      });
      place.removeAttribute('aria-busy');
      place.replaceChildren(frame);
    })
    .catch(() => fail('Onay formu yüklenemedi. Lütfen sayfayı yenileyin.'));
})();

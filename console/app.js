// The provider console: sign-in, the brand picker, and the sections (hash routes). Each section module
// renders into #view-body with the chosen brand and the user's rights.
import { ApiError, call, claims, signIn, signOut, username } from './api.js';
import { clearErrors, el, say, showErrors } from './ui.js';

const $ = (id) => document.getElementById(id);

/** Sections: hash, title, module (loaded on first use, so each stays small). */
const sections = [
  ['tekli', 'İzin ekle', () => import('./consent-add.js')],
  ['sorgu', 'İzin sorgula', () => import('./consent-lookup.js')],
  ['coklu', 'Çoklu durum', () => import('./consent-multi.js')],
  ['toplu', 'Toplu yükleme', () => import('./bulk.js')],
  ['ret-linki', 'E-posta ret linkleri', () => import('./links.js')],
  ['gunluk', 'Günlük dosyalar', () => import('./daily.js')],
  ['yonetim', 'Yönetim', () => import('./admin.js')],
];

/** The brands this user may act for, each with its rights per channel (a provider user: all). */
let brands = [];

export const context = {
  brand: () => brands[Number($('brand').value)] ?? brands[0],
  kind: () => claims()?.kind,
  /** May the user do `mode` ('read' | 'write') on `channel` of the chosen brand? */
  can(channel, mode = 'read') {
    const b = context.brand();
    if (!b) return false;
    if (!b.rights) return true;
    const r = b.rights[channel];
    return mode === 'read' ? r === 'read' || r === 'write' : r === 'write';
  },
  base: () => `/sps/${context.brand().iysCode}/brands/${context.brand().brandCode}`,
  /** Reads the brands again (after a new brand), keeping the chosen one chosen. */
  async reloadBrands() {
    const current = context.brand();
    brands = await loadBrands();
    fillBrands(brands.findIndex((b) => b.iysCode === current?.iysCode && b.brandCode === current?.brandCode));
  },
};

function fillBrands(selected = 0) {
  $('brand').replaceChildren(
    ...brands.map((b, i) =>
      el('option', {
        value: String(i),
        text: `${b.title ? `${b.title} · ` : ''}${b.name} (${b.brandCode})`,
        selected: i === selected,
      }),
    ),
  );
}

async function loadBrands() {
  const c = claims();
  if (c.kind === 'HS') {
    const { data } = await call('GET', `/sps/${c.iys}/brands`);
    return data.map((b) => ({ iysCode: c.iys, brandCode: b.brandCode, name: b.name }));
  }
  if (c.kind === 'INTEGRATOR') {
    const { data } = await call('GET', `/integrator/${c.int}/sps?limit=100`);
    return data.list.map((g) => ({
      iysCode: g.iysCode,
      brandCode: g.brandCode,
      name: g.name,
      title: g.title,
      rights: { MESAJ: g.MESAJ, ARAMA: g.ARAMA, EPOSTA: g.EPOSTA },
    }));
  }
  throw new ApiError(403, [{ message: 'Bu konsol hizmet sağlayıcı ve entegratör kullanıcıları içindir.' }]);
}

function renderTabs(current) {
  $('tabs').replaceChildren(
    ...sections.map(([hash, title]) =>
      el(
        'li',
        {},
        el('a', { href: `#${hash}`, text: title, 'aria-current': hash === current ? 'page' : undefined }),
      ),
    ),
  );
}

async function route() {
  if (!claims()) return;
  const hash = location.hash.slice(1) || sections[0][0];
  const section = sections.find(([h]) => h === hash) ?? sections[0];
  renderTabs(section[0]);
  $('view-title').textContent = section[1];
  document.title = `${section[1]} – İYS Konsolu`;
  const body = $('view-body');
  body.replaceChildren();
  // A section renders off-page and is shown whole; a newer route (a quick second click) wins.
  const mine = ++routeSeq;
  const target = el('div');
  const mod = await section[2]();
  await mod.render(target, context);
  if (mine === routeSeq) body.replaceChildren(target);
}
let routeSeq = 0;

$('form-sign-in').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = $('form-sign-in');
  const u = $('username').value.trim();
  const p = $('password').value;
  const missing = [];
  if (!u) missing.push({ location: ['username'], message: 'Kullanıcı adını yazın.' });
  if (!p) missing.push({ location: ['password'], message: 'Şifreyi yazın.' });
  if (missing.length) return showErrors(form, { errors: missing });
  try {
    await signIn(u, p);
    brands = await loadBrands();
    $('password').value = '';
    clearErrors(form);
    fillBrands();
    $('who-text').textContent = `Giriş yapan: ${username()}`;
    $('who').hidden = false;
    $('sign-in').hidden = true;
    $('workspace').hidden = false;
    say(brands.length ? 'Giriş yapıldı.' : 'Giriş yapıldı; bu kullanıcının yetkili olduğu marka yok.', 'ok');
    await route();
    $('view-title').focus();
  } catch (e) {
    signOut();
    // İYS answers a wrong password without a field: it belongs to the password.
    showErrors(form, {
      errors: (e.errors ?? [{ message: e.message }]).map((x) => ({
        ...x,
        location: x.location ?? ['password'],
      })),
    });
  }
});

$('sign-out').addEventListener('click', () => {
  signOut();
  brands = [];
  $('workspace').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  $('view-body').replaceChildren();
  say('Çıkış yapıldı.', 'ok');
  $('username').focus();
});

$('brand').addEventListener('change', () => route().then(() => say(`Marka: ${context.brand().name}`, 'ok')));
addEventListener('hashchange', () =>
  route()
    .then(() => $('view-title').focus())
    .catch((e) => say(e.message, 'error')),
);

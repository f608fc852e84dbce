// Administration through the public API: the provider's brands (list, add), retailers (create, list,
// delete, share a consent with them, access of many consents at once: retailer-access.js), integrator grants, API users (create, disable, new password), push registration with its delivery
// log, and the subscription. Each panel loads its own data; an error stays in its panel.

import { channelNames, named, trDateTime, trNumber } from '/portal/format.js';
import { call } from './api.js';
import { brandsPanel } from './brands.js';
import { channelOptions, recipientTypeOptions } from './fields.js';
import { manyConsents } from './retailer-access.js';
import { el, field, pairs, say, submit, table } from './ui.js';

const panel = (title, ...children) =>
  el('section', { class: 'panel', 'aria-label': title }, el('h3', { text: title }), ...children);

/** A panel whose data could not be loaded: the reason, in place of the panel. */
const failed = (title) => (e) => panel(title, el('p', { class: 'notice error', text: e.message }));

async function guarded(box, fn) {
  try {
    await fn();
  } catch (e) {
    box.replaceChildren(el('p', { class: 'notice error', text: e.message }));
  }
}

export async function render(root, ctx) {
  const hs = ctx.kind() === 'HS';
  const parts = [retailers(ctx), push(ctx), subscription(ctx)];
  if (hs) parts.splice(0, 0, brandsPanel(ctx).catch(failed('Markalar')));
  if (hs) parts.splice(2, 0, grants(ctx), users(ctx));
  root.append(...(await Promise.all(parts)));
}

// ---- Retailers -------------------------------------------------------------------------------------------

/** Retailers shown a page at a time (the API gives at most 100 a call). */
const RETAILER_PAGE = 25;

async function retailers(ctx) {
  const list = el('div');
  let offset = 0;
  const refresh = () =>
    guarded(list, async () => {
      const { data } = await call('GET', `${ctx.base()}/retailers?offset=${offset}&limit=${RETAILER_PAGE}`);
      const total = data.pagination.totalCount;
      // The last retailer of the last page was deleted: show the page before.
      if (!data.list.length && offset > 0) {
        offset = Math.max(0, offset - RETAILER_PAGE);
        return refresh();
      }
      const turn = (to) => async () => {
        offset = to;
        await refresh();
        say(
          `Bayiler ${trNumber(offset + 1)}–${trNumber(Math.min(offset + RETAILER_PAGE, total))} gösteriliyor.`,
        );
      };
      const pager =
        total > RETAILER_PAGE
          ? el(
              'nav',
              { class: 'row', 'aria-label': 'Bayi sayfaları' },
              el('p', {
                text: `${trNumber(offset + 1)}–${trNumber(offset + data.list.length)} / ${trNumber(total)}`,
              }),
              el('button', {
                type: 'button',
                class: 'btn-secondary',
                text: 'Önceki sayfa',
                disabled: offset === 0,
                onclick: turn(Math.max(0, offset - RETAILER_PAGE)),
              }),
              el('button', {
                type: 'button',
                class: 'btn-secondary',
                text: 'Sonraki sayfa',
                disabled: offset + RETAILER_PAGE >= total,
                onclick: turn(offset + RETAILER_PAGE),
              }),
            )
          : null;
      list.replaceChildren(
        data.list.length
          ? table(
              `Bayiler (${trNumber(data.pagination.totalCount)})`,
              ['Bayi kodu', 'Unvan', 'Yetkili', 'İl / ilçe', 'Erişimli izin', 'İşlem'],
              data.list.map((r) => [
                String(r.retailerCode),
                r.title,
                r.name,
                `${r.city?.name ?? ''} / ${r.town?.name ?? ''}`,
                trNumber(r.retailerAccessCount ?? 0),
                el('button', {
                  type: 'button',
                  class: 'btn-danger',
                  text: 'Sil',
                  'aria-label': `${r.title} (${r.retailerCode}) bayisini sil`,
                  onclick: async () => {
                    try {
                      await call('DELETE', `${ctx.base()}/retailers/${r.retailerCode}`);
                      say(`${r.title} bayisi silindi.`, 'ok');
                      await refresh();
                    } catch (e) {
                      say(e.message, 'error');
                    }
                  },
                }),
              ]),
              [0, 4],
            )
          : el('p', { class: 'muted', text: 'Bu markanın bayisi yok.' }),
        ...(pager ? [pager] : []),
      );
    });
  const { data: cities } = await call('GET', '/info/city');
  const { data: towns } = await call('GET', '/info/town');
  const cityField = field({
    name: 'city',
    label: 'İl',
    options: [['', 'Seçin'], ...cities.map((c) => [String(c.code), c.name])],
  });
  const townField = field({ name: 'town', label: 'İlçe', options: [['', 'Önce il seçin']] });
  const citySelect = cityField.querySelector('select');
  const townSelect = townField.querySelector('select');
  citySelect.addEventListener('change', () => {
    townSelect.replaceChildren(
      el('option', { value: '', text: 'Seçin' }),
      ...towns
        .filter((t) => String(t.city_code) === citySelect.value)
        .map((t) => el('option', { value: String(t.code), text: t.name })),
    );
  });
  const create = el(
    'form',
    { novalidate: true, 'aria-label': 'Bayi oluştur' },
    el('h4', { text: 'Yeni bayi' }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'title', label: 'Unvan' }),
      field({ name: 'name', label: 'Yetkili adı soyadı' }),
      field({ name: 'tckn', label: 'Yetkilinin T.C. kimlik numarası', attrs: { inputmode: 'numeric' } }),
      field({ name: 'tin', label: 'Vergi kimlik numarası', attrs: { inputmode: 'numeric' } }),
      cityField,
      townField,
      field({ name: 'mersis', label: 'MERSİS numarası', hint: 'İsteğe bağlı.' }),
      field({ name: 'alias', label: 'Kısa ad', hint: 'İsteğe bağlı.' }),
      field({ name: 'mobile', label: 'Cep telefonu', hint: 'İsteğe bağlı, +90 ile.' }),
    ),
    el('button', { type: 'submit', text: 'Bayiyi oluştur' }),
  );
  submit(create, async (v) => {
    const body = { ...v };
    const city = cities.find((c) => String(c.code) === v.city);
    const town = towns.find((t) => String(t.code) === v.town);
    if (city) body.city = { code: String(city.code), name: city.name };
    else delete body.city;
    if (town) body.town = { code: String(town.code), name: town.name };
    else delete body.town;
    const { data } = await call('POST', `${ctx.base()}/retailers`, body);
    create.reset();
    await refresh();
    say(`Bayi oluşturuldu: ${data.retailerCode}.`, 'ok');
  });
  const channels = channelOptions(ctx, 'write');
  const share = el(
    'form',
    { novalidate: true, 'aria-label': 'İzni bayilerle paylaş' },
    el('h4', { text: 'Bir izni bayilerle paylaş' }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'recipient', label: 'Alıcı', attrs: { autocomplete: 'off' } }),
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({ name: 'type', label: 'Kanal', options: channels }),
      field({ name: 'retailerAccess', label: 'Bayi kodları', hint: 'Virgülle ayrılmış.' }),
    ),
    el('button', { type: 'submit', text: 'Erişim ver' }),
  );
  submit(share, async (v) => {
    const body = {
      ...v,
      retailerAccess: (v.retailerAccess ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    };
    await call('POST', `${ctx.base()}/consents/retailers/access`, body);
    say('İzin bayilerle paylaşıldı.', 'ok');
    await refresh();
  });
  const access = await consentRetailers(ctx, refresh);
  await refresh();
  return panel(
    'Bayiler',
    list,
    create,
    ...(channels.length ? [share, access, manyConsents(ctx, refresh)] : []),
  );
}

/** A consent's retailers: list them, remove one's access or every retailer's. */
async function consentRetailers(ctx, refreshRetailers) {
  const out = el('div', { 'aria-live': 'polite' });
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Bir iznin bayileri' },
    el('h4', { text: 'Bir iznin bayileri' }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'recipient', label: 'Alıcı', attrs: { autocomplete: 'off' } }),
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({ name: 'type', label: 'Kanal', options: channelOptions(ctx, 'write') }),
    ),
    el('button', { type: 'submit', class: 'btn-secondary', text: 'Bayileri göster' }),
  );
  const show = async (key) => {
    const { data } = await call('POST', `${ctx.base()}/consent/retailers/access/list`, key);
    const removal = (retailerAccess) => async () => {
      try {
        const { recipient, ...rest } = key;
        const path = retailerAccess ? 'remove' : 'remove/all';
        await call('POST', `${ctx.base()}/consents/retailers/access/${path}`, {
          ...rest,
          recipients: [recipient],
          ...(retailerAccess ? { retailerAccess } : {}),
        });
        say(retailerAccess ? 'Bayinin erişimi kaldırıldı.' : 'Tüm bayilerin erişimi kaldırıldı.', 'ok');
        await show(key);
        await refreshRetailers();
      } catch (e) {
        say(e.message, 'error');
      }
    };
    out.replaceChildren(
      data.list.length
        ? table(
            'Bu izne erişimi olan bayiler',
            ['Bayi kodu', 'Unvan', 'İşlem'],
            data.list.map((r) => [
              String(r.retailerCode),
              r.title ?? '',
              el('button', {
                type: 'button',
                class: 'btn-danger',
                text: 'Erişimi kaldır',
                'aria-label': `${r.title ?? r.retailerCode}: erişimi kaldır`,
                onclick: removal([r.retailerCode]),
              }),
            ]),
            [0],
          )
        : el('p', { class: 'muted', text: 'Bu izne erişimi olan bayi yok.' }),
      ...(data.list.length
        ? [
            el('button', {
              type: 'button',
              class: 'btn-danger',
              text: 'Tüm bayilerin erişimini kaldır',
              onclick: removal(null),
            }),
          ]
        : []),
    );
  };
  submit(form, show);
  return el('div', {}, form, out);
}

// ---- Integrator grants ------------------------------------------------------------------------------------

async function grants(ctx) {
  const access = [
    ['', 'Yetki yok'],
    ['read', 'Okuma (read)'],
    ['write', 'Yazma (write)'],
  ];
  const result = el('div', { 'aria-live': 'polite' });
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Entegratör yetkisi' },
    el('p', {
      text: `Seçili marka (${ctx.brand().name}) için bir entegratöre kanal bazında yetki verin; hiçbir kanal seçilmezse yetki kaldırılır.`,
    }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'integratorCode', label: 'Entegratör kodu', attrs: { inputmode: 'numeric' } }),
      field({ name: 'MESAJ', label: `${channelNames.MESAJ} (MESAJ)`, options: access }),
      field({ name: 'ARAMA', label: `${channelNames.ARAMA} (ARAMA)`, options: access }),
      field({ name: 'EPOSTA', label: `${channelNames.EPOSTA} (EPOSTA)`, options: access }),
    ),
    el(
      'div',
      { class: 'check' },
      el('input', { type: 'checkbox', id: 'grant-agreement', name: 'agreementControl' }),
      el('label', { for: 'grant-agreement', text: 'Mutabakat (günlük dosyalar) yetkisi' }),
    ),
    el('button', { type: 'submit', text: 'Yetkiyi kaydet' }),
  );
  submit(form, async (v) => {
    const { integratorCode, ...rest } = v;
    const body = {
      brandCode: ctx.brand().brandCode,
      ...rest,
      agreementControl: Boolean(v.agreementControl),
    };
    const { data } = await call(
      'POST',
      `/sps/${ctx.brand().iysCode}/integrators/${encodeURIComponent(integratorCode ?? '')}/grants`,
      body,
    );
    result.replaceChildren(
      pairs([
        ['Sonuç', data.result === 'granted' ? 'Yetki verildi' : data.result],
        ['Entegratör', data.integratorCode],
        ...['MESAJ', 'ARAMA', 'EPOSTA'].map((c) => [named(channelNames, c), data[c] ?? 'yok']),
      ]),
    );
    say('Entegratör yetkisi kaydedildi.', 'ok');
  });
  return panel('Entegratör yetkileri', form, result);
}

// ---- API users --------------------------------------------------------------------------------------------

async function users(ctx) {
  const iys = ctx.brand().iysCode;
  const list = el('div');
  const refresh = () =>
    guarded(list, async () => {
      const { data } = await call('GET', `/sps/${iys}/users`);
      list.replaceChildren(
        table(
          'Kullanıcılar',
          ['Kullanıcı adı', 'Durum', 'İşlem'],
          data.map((u) => [
            u.username,
            u.disabled ? 'Devre dışı' : 'Etkin',
            el('button', {
              type: 'button',
              class: u.disabled ? 'btn-secondary' : 'btn-danger',
              text: u.disabled ? 'Etkinleştir' : 'Devre dışı bırak',
              'aria-label': `${u.username}: ${u.disabled ? 'etkinleştir' : 'devre dışı bırak'}`,
              onclick: async () => {
                try {
                  await call('PATCH', `/sps/${iys}/users/${encodeURIComponent(u.username)}`, {
                    disabled: !u.disabled,
                  });
                  say(`${u.username} ${u.disabled ? 'etkinleştirildi' : 'devre dışı bırakıldı'}.`, 'ok');
                  await refresh();
                } catch (e) {
                  say(e.message, 'error');
                }
              },
            }),
          ]),
        ),
      );
    });
  const create = el(
    'form',
    { novalidate: true, 'aria-label': 'API kullanıcısı oluştur' },
    el('h4', { text: 'Yeni API kullanıcısı' }),
    el(
      'div',
      { class: 'form-grid' },
      field({
        name: 'username',
        label: 'Kullanıcı adı',
        hint: 'Küçük harf, rakam, nokta, tire (3–64).',
        attrs: { autocomplete: 'off' },
      }),
      field({
        name: 'password',
        label: 'Şifre',
        type: 'password',
        hint: 'En az 10 karakter, harf ve rakam.',
        attrs: { autocomplete: 'new-password' },
      }),
    ),
    el('button', { type: 'submit', text: 'Kullanıcıyı oluştur' }),
  );
  submit(create, async (v) => {
    await call('POST', `/sps/${iys}/users`, v);
    create.reset();
    await refresh();
    say(`${v.username} oluşturuldu.`, 'ok');
  });
  const password = el(
    'form',
    { novalidate: true, 'aria-label': 'Şifre değiştir' },
    el('h4', { text: 'Şifre değiştir' }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'username', label: 'Kullanıcı adı', attrs: { autocomplete: 'off' } }),
      field({
        name: 'password',
        label: 'Yeni şifre',
        type: 'password',
        attrs: { autocomplete: 'new-password' },
      }),
    ),
    el('button', { type: 'submit', text: 'Şifreyi değiştir' }),
  );
  submit(password, async (v) => {
    await call('POST', `/sps/${iys}/users/${encodeURIComponent(v.username ?? '')}/password`, {
      password: v.password ?? '',
    });
    say(`${v.username} kullanıcısının şifresi değiştirildi.`, 'ok');
    password.reset();
  });
  await refresh();
  return panel('API kullanıcıları', list, create, password);
}

const outcomeNames = { DELIVERED: 'İletildi', FAILED: 'Başarısız', DEFERRED: 'Yeniden denenecek' };

// ---- Push ---------------------------------------------------------------------------------------------------

async function push(ctx) {
  const box = el('div');
  const refresh = () =>
    guarded(box, async () => {
      const { data: regs } = await call('GET', `${ctx.base()}/push/registration`);
      const { data: log } = await call('GET', `${ctx.base()}/push/deliveries`);
      box.replaceChildren(
        regs.length
          ? table(
              'Kayıtlı bağlantılar',
              ['Adres', 'Kanal', 'Durum', 'Kayıt zamanı'],
              regs.map((r) => [r.url, named(channelNames, r.type), r.status, trDateTime(r.registerTime)]),
            )
          : el('p', { class: 'muted', text: 'Kayıtlı bildirim bağlantısı yok.' }),
        log.list.length
          ? table(
              'Son gönderimler',
              ['Zaman', 'Adres', 'Kanal', 'Sonuç', 'Deneme', 'Hareket sayısı'],
              log.list.map((d) => [
                trDateTime(d.at),
                d.url,
                named(channelNames, d.type),
                `${outcomeNames[d.outcome] ?? d.outcome}${d.httpStatus ? ` (HTTP ${d.httpStatus})` : ''}`,
                trNumber(d.attempt),
                trNumber(d.movements),
              ]),
              [4, 5],
            )
          : el('p', { class: 'muted', text: 'Henüz gönderim yok.' }),
      );
    });
  const types = channelOptions(ctx, 'write');
  const connection = (label) =>
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'url', label: `${label}: adres (https)`, attrs: { autocomplete: 'off' } }),
      field({ name: 'type', label: 'Kanal', options: types }),
      field({ name: 'username', label: 'Kullanıcı adı', attrs: { autocomplete: 'off' } }),
      field({ name: 'password', label: 'Şifre', type: 'password', attrs: { autocomplete: 'new-password' } }),
    );
  const register = el(
    'form',
    { novalidate: true, 'aria-label': 'Bildirim bağlantısı ekle' },
    el('h4', { text: 'Bağlantı ekle' }),
    el('p', {
      class: 'muted',
      text: 'İYS, adresi önce kimliksiz sonra bu bilgilerle dener; adres Basic kimlik doğrulaması istemelidir.',
    }),
    connection('Bağlantı'),
    el('button', { type: 'submit', text: 'Bağlantıyı kaydet' }),
  );
  submit(register, async (v) => {
    await call('POST', `${ctx.base()}/push/registration`, { connection: [v] });
    register.reset();
    await refresh();
    say('Bildirim bağlantısı kaydedildi.', 'ok');
  });
  const remove = el(
    'form',
    { novalidate: true, 'aria-label': 'Bildirim bağlantısını kaldır' },
    el('h4', { text: 'Bağlantıyı kaldır' }),
    connection('Kaldırılacak bağlantı'),
    el('button', { type: 'submit', class: 'btn-danger', text: 'Bağlantıyı kaldır' }),
  );
  submit(remove, async (v) => {
    await call('POST', `${ctx.base()}/push/unregistration`, v);
    remove.reset();
    await refresh();
    say('Bildirim bağlantısı kaldırıldı.', 'ok');
  });
  await refresh();
  return panel('Anlık bildirim (push)', box, ...(types.length ? [register, remove] : []));
}

// ---- Subscription --------------------------------------------------------------------------------------------

async function subscription(ctx) {
  const box = el('div');
  await guarded(box, async () => {
    const { data: s } = await call('GET', `/sps/${ctx.brand().iysCode}/subscription`);
    box.replaceChildren(
      pairs([
        ['Paket', s.subscriptionPackageName],
        ['Durum', s.status === 'ACTIVE' ? 'Etkin (ACTIVE)' : s.status],
        ['Başlangıç', trDateTime(s.startDate)],
        ['Bitiş', trDateTime(s.expirationDate)],
        ['İzin hakkı', trNumber(s.consentLimit)],
        ['Kullanılan', trNumber(s.usedConsentLimit)],
        ['Kalan', trNumber(Math.max(0, (s.consentLimit ?? 0) - (s.usedConsentLimit ?? 0)))],
        ['Sınır aşıldı mı', s.consentLimitExceed ? 'Evet' : 'Hayır'],
      ]),
    );
  });
  return panel('Abonelik ve kontör', box);
}

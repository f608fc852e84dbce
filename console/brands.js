// The provider's brands: each with its consent and retailer counts (getBrandsDetails), and a new brand
// (createBrand: a registered trade mark with up to three SMS short names). A new brand joins the brand
// picker at once. Provider users only: an integrator may not create a provider's brand.

import { trNumber } from '/portal/format.js';
import { call } from './api.js';
import { lines } from './fields.js';
import { el, field, say, submit, table } from './ui.js';

export async function brandsPanel(ctx) {
  const iys = ctx.brand().iysCode;
  const list = el('div');
  const refresh = async () => {
    const { data } = await call('GET', `/sps/${iys}/brands`);
    list.replaceChildren(
      table(
        'Markalar ve izin sayıları',
        ['Marka kodu', 'Ad', 'Ana marka', 'Onaylı izin', 'Ret', 'Toplam izin', 'Bayi'],
        data.map((b) => [
          String(b.brandCode),
          b.name,
          b.master ? 'Evet' : 'Hayır',
          trNumber(b.stats.consents.approval),
          trNumber(b.stats.consents.rejection),
          trNumber(b.stats.consents.total),
          trNumber(b.stats.retailers.total),
        ]),
        [0, 3, 4, 5, 6],
      ),
    );
  };
  const create = el(
    'form',
    { novalidate: true, 'aria-label': 'Marka ekle' },
    el('h4', { text: 'Yeni marka' }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'name', label: 'Marka adı', hint: 'En fazla 100 karakter.' }),
      field({ name: 'trademarkNo', label: 'Tescil numarası', hint: 'İsteğe bağlı, ör. 2021/54321.' }),
      field({
        name: 'shortNames',
        label: 'SMS kısa adları',
        hint: 'İsteğe bağlı; virgülle ayrılmış en fazla 3 ad, her biri 2–11 büyük harf ya da rakam.',
        attrs: { autocomplete: 'off' },
      }),
    ),
    el('button', { type: 'submit', text: 'Markayı ekle' }),
  );
  submit(create, async (v) => {
    const shortNames = lines(v.shortNames);
    const { data } = await call('POST', `/sps/${iys}/brands`, {
      name: v.name ?? '',
      ...(v.trademarkNo ? { trademarkNo: v.trademarkNo } : {}),
      ...(shortNames.length ? { shortNames } : {}),
    });
    create.reset();
    await refresh();
    await ctx.reloadBrands();
    say(`Marka eklendi: ${v.name} (${data.brandCode}). Marka seçicide de yer alıyor.`, 'ok');
  });
  await refresh();
  return el(
    'section',
    { class: 'panel', 'aria-label': 'Markalar' },
    el('h3', { text: 'Markalar' }),
    list,
    create,
  );
}

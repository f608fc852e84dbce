// Retailer access for many consents at once (İYS's list operations, up to 100 recipients a call): replace
// the consents' retailers with a given list (overrideRetailers, PUT …/consents/retailers/access), take some
// retailers' access away (…/remove) or every retailer's (…/remove/all). After the call, each consent's
// retailers are read back from the API and shown.

import { trNumber } from '/portal/format.js';
import { call } from './api.js';
import { channelOptions, lines, recipientTypeOptions, withLine } from './fields.js';
import { el, field, say, submit, table } from './ui.js';

/** What the form does: [value, label, path suffix, method, sends retailer codes]. */
const actions = [
  ['override', 'Bayileri bu listeyle değiştir', '', 'PUT', true],
  ['remove', 'Bu bayilerin erişimini kaldır', '/remove', 'POST', true],
  ['removeAll', 'Tüm bayilerin erişimini kaldır', '/remove/all', 'POST', false],
];
const done = {
  override: 'İzinlerin bayileri verilen listeyle değiştirildi.',
  remove: 'Bayilerin erişimi kaldırıldı.',
  removeAll: 'Tüm bayilerin erişimi kaldırıldı.',
};

/** Retailer codes as the API wants them (numbers); anything else is sent as written for the API to name. */
const codes = (text) => lines(text).map((s) => (/^\d+$/.test(s) ? Number(s) : s));

export function manyConsents(ctx, refreshRetailers) {
  const out = el('div', { 'aria-live': 'polite' });
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Birden çok iznin bayileri' },
    el('h4', { text: 'Birden çok iznin bayileri' }),
    el('p', {
      class: 'muted',
      text: 'Aynı kanal ve alıcı tipindeki en fazla 100 iznin bayi erişimini tek işlemde değiştirin. Değiştirme, listede olmayan bayilerin (aracı bayi dahil) erişimini kaldırır.',
    }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'action', label: 'İşlem', options: actions.map(([v, l]) => [v, l]) }),
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({ name: 'type', label: 'Kanal', options: channelOptions(ctx, 'write') }),
      field({
        name: 'retailerAccess',
        label: 'Bayi kodları',
        hint: 'Virgülle ayrılmış (en fazla 100). Tüm bayilerin erişimi kaldırılırken kullanılmaz.',
      }),
      field({
        name: 'recipients',
        label: 'Alıcılar',
        type: 'textarea',
        hint: 'Her satıra bir alıcı (en fazla 100).',
        wide: true,
        attrs: { rows: '5', autocomplete: 'off' },
      }),
    ),
    el('button', { type: 'submit', text: 'Uygula' }),
  );
  const retailerField = form.querySelector('[data-field="retailerAccess"] input');
  const actionSelect = form.querySelector('select[name="action"]');
  actionSelect.addEventListener('change', () => {
    retailerField.disabled = actionSelect.value === 'removeAll';
  });
  submit(form, async (v) => {
    const [, , suffix, method, withCodes] = actions.find(([a]) => a === v.action);
    const recipients = lines(v.recipients);
    const body = {
      type: v.type,
      recipientType: v.recipientType,
      recipients,
      ...(withCodes ? { retailerAccess: codes(v.retailerAccess) } : {}),
    };
    await call(method, `${ctx.base()}/consents/retailers/access${suffix}`, body).catch(withLine);
    say(`${done[v.action]} (${trNumber(recipients.length)} izin)`, 'ok');
    await show(ctx, out, recipients, { type: v.type, recipientType: v.recipientType });
    await refreshRetailers();
  });
  return el('div', {}, form, out);
}

/** Each consent's retailers as the API now has them. */
async function show(ctx, out, recipients, key) {
  const rows = [];
  for (const recipient of recipients) {
    try {
      const { data } = await call('POST', `${ctx.base()}/consent/retailers/access/list`, {
        ...key,
        recipient,
      });
      rows.push([
        recipient,
        data.list.length
          ? data.list
              .map((r) => r.retailerCode)
              .sort((a, b) => a - b)
              .join(', ')
          : 'Bayi yok',
      ]);
    } catch (e) {
      rows.push([recipient, e.message]);
    }
  }
  out.replaceChildren(table('İzinlerin bayileri', ['Alıcı', 'Erişimi olan bayiler'], rows));
}

// One consent, with every field İYS has; the API's errors beside the fields they name.

import { trDateTime } from '/portal/format.js';
import { call } from './api.js';
import {
  channelOptions,
  fromTurkishDateTime,
  nowTurkish,
  recipientTypeOptions,
  sourceOptions,
  statusOptions,
} from './fields.js';
import { el, field, pairs, say, submit } from './ui.js';

export function render(root, ctx) {
  const channels = channelOptions(ctx, 'write');
  if (!channels.length) {
    root.append(el('p', { class: 'notice warn', text: 'Bu markada izin ekleme yetkiniz yok.' }));
    return;
  }
  const result = el('div', { 'aria-live': 'polite' });
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Tek izin ekle' },
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({ name: 'type', label: 'Kanal', options: channels }),
      field({
        name: 'recipient',
        label: 'Alıcı',
        hint: 'Telefon +90 ile (örn. +905321234567) ya da e-posta adresi.',
        attrs: { autocomplete: 'off', maxlength: '300' },
      }),
      field({ name: 'status', label: 'Durum', options: statusOptions }),
      field({ name: 'source', label: 'Kaynak', options: [['', 'Seçin'], ...sourceOptions] }),
      field({
        name: 'consentDate',
        label: 'İzin tarihi',
        hint: 'gg.aa.yyyy ss:dd (Türkiye saati), örn. 24.11.2026 09:00',
        value: nowTurkish(),
      }),
      field({
        name: 'retailerCode',
        label: 'Bayi kodu',
        hint: 'İsteğe bağlı.',
        attrs: { inputmode: 'numeric' },
      }),
      field({
        name: 'retailerAccess',
        label: 'Erişim verilen bayiler',
        hint: 'İsteğe bağlı; bayi kodları virgülle ayrılmış.',
      }),
    ),
    el('button', { type: 'submit', text: 'İzni kaydet' }),
  );
  submit(form, async (v) => {
    const body = { ...v };
    if (body.consentDate) body.consentDate = fromTurkishDateTime(body.consentDate);
    if (body.retailerCode && /^\d+$/.test(body.retailerCode)) body.retailerCode = Number(body.retailerCode);
    if (body.retailerAccess)
      body.retailerAccess = body.retailerAccess
        .split(',')
        .map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim()));
    const { data } = await call('POST', `${ctx.base()}/consents`, body);
    result.replaceChildren(
      el(
        'div',
        { class: 'panel' },
        el('h3', { text: 'İzin kaydedildi' }),
        pairs([
          ['İşlem numarası (transactionId)', el('code', { text: data.transactionId })],
          ['Kayıt tarihi', `${trDateTime(data.creationDate)} (${data.creationDate})`],
        ]),
      ),
    );
    say('İzin kaydedildi.', 'ok');
  });
  root.append(form, result);
}

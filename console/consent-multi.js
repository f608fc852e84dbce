// Status of many recipients at once (İYS's batch status: up to 1000 on one channel).

import { trNumber } from '/portal/format.js';
import { call } from './api.js';
import { channelOptions, recipientTypeOptions } from './fields.js';
import { el, field, say, submit, table } from './ui.js';

export function render(root, ctx) {
  const channels = channelOptions(ctx, 'read');
  if (!channels.length) {
    root.append(el('p', { class: 'notice warn', text: 'Bu markada sorgulama yetkiniz yok.' }));
    return;
  }
  const out = el('div');
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Çoklu durum sorgusu' },
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({ name: 'type', label: 'Kanal', options: channels }),
      field({
        name: 'recipients',
        label: 'Alıcılar',
        type: 'textarea',
        hint: 'Her satıra bir alıcı (en fazla 1000).',
        wide: true,
        attrs: { rows: '6' },
      }),
    ),
    el('button', { type: 'submit', text: 'Durumları sorgula' }),
  );
  submit(form, async (v) => {
    const recipients = (v.recipients ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    const { data } = await call('POST', `${ctx.base()}/consents/${v.recipientType}/status/${v.type}`, {
      recipients,
    });
    // The API answers addresses normalised (e-mail in lower case): compare them the same way.
    const norm = (r) => (r.includes('@') ? r.toLowerCase() : r);
    const approved = new Set(data.list.map(norm));
    out.replaceChildren(
      el('p', {
        text: `${trNumber(recipients.length)} alıcıdan ${trNumber(approved.size)} tanesinin onayı var.`,
      }),
      table(
        'Alıcıların durumu',
        ['Alıcı', 'Durum'],
        recipients.map((r) => [r, approved.has(norm(r)) ? 'Onaylı (ONAY)' : 'Onay yok']),
      ),
    );
    say(`${trNumber(approved.size)} / ${trNumber(recipients.length)} onaylı.`, 'ok');
  });
  root.append(form, out);
}

// E-mail reject links (İleti ViA hash links): one single-use link per approved e-mail consent, for the
// provider to put in its e-mails; opening it lets the recipient reject (RET) in one step. Up to 100
// recipients a call; an address without an approved consent is answered with its code (H568) instead.

import { channelNames, trNumber } from '/portal/format.js';
import { call } from './api.js';
import { lines, recipientTypeOptions, withLine } from './fields.js';
import { downloadLink, el, field, say, submit, table } from './ui.js';

export function render(root, ctx) {
  if (!ctx.can('EPOSTA', 'write')) {
    root.append(
      el('p', {
        class: 'notice warn',
        text: `Ret linki üretmek için bu markanın ${channelNames.EPOSTA} kanalında yazma yetkisi gerekir.`,
      }),
    );
    return;
  }
  const out = el('div');
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'E-posta ret linkleri üret' },
    el('p', {
      text: 'Onaylı e-posta izni olan alıcılar için tek kullanımlık ret linki üretilir (90 gün geçerli). Linki alıcıya gönderdiğiniz iletiye koyun; alıcı tek adımda reddedebilir.',
    }),
    el(
      'div',
      { class: 'form-grid' },
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({
        name: 'recipients',
        label: 'E-posta adresleri',
        type: 'textarea',
        hint: 'Her satıra bir adres (en fazla 100).',
        wide: true,
        attrs: { rows: '5', autocomplete: 'off' },
      }),
    ),
    el('button', { type: 'submit', text: 'Linkleri üret' }),
  );
  submit(
    form,
    async (v) => {
      const recipients = lines(v.recipients).map((recipient) => ({
        recipient,
        recipientType: v.recipientType,
      }));
      const { data } = await call('POST', `${ctx.base()}/via-hash-links`, { recipients }).catch(withLine);
      const made = data.filter((d) => d.url);
      const csv = `recipient,url,code\n${data.map((d) => `${d.recipient},${d.url ?? ''},${d.code ?? ''}`).join('\n')}\n`;
      out.replaceChildren(
        table(
          'Üretilen ret linkleri',
          ['Alıcı', 'Ret linki ya da neden üretilmediği'],
          data.map((d) => [d.recipient, d.url ? el('code', { text: d.url }) : `${d.code}: ${d.message}`]),
        ),
        downloadLink('Linkleri indir (CSV)', 'ret-linkleri.csv', csv, 'text/csv'),
      );
      say(`${trNumber(made.length)} / ${trNumber(data.length)} alıcı için ret linki üretildi.`, 'ok');
    },
    // The API names one address of the list by its own field: the error belongs beside the list.
    { recipient: 'recipients', recipientType: 'recipients' },
  );
  root.append(form, out);
}

// A day's files: the day file of movements, the approvals and rejections lists, each with its RFC 3161
// time stamp and CMS signature, the reconciliation (SHA-384 and agreement) and the change summary.

import { channelNames, named, trDate, trNumber } from '/portal/format.js';
import { call, request } from './api.js';
import { downloadLink, el, field, pairs, say, submit, table } from './ui.js';

/** "25.11.2026" → "2026-11-25"; anything else as written (the API's H501 explains it). */
export function fromTurkishDate(text) {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim();
}
function yesterday() {
  const t = new Date(Date.now() + 3 * 3600_000 - 86400_000).toISOString();
  return `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)}`;
}

export function render(root, ctx) {
  const out = el('div');
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Günlük dosyalar' },
    el('p', {
      text: 'Her gün için hareket dosyası ile onay ve ret listeleri, zaman damgaları ve imzalarıyla birlikte, son 7 gün için alınabilir.',
    }),
    field({ name: 'reportDate', label: 'Gün', hint: 'gg.aa.yyyy, örn. 25.11.2026', value: yesterday() }),
    el('button', { type: 'submit', text: 'Dosyaları getir' }),
  );
  submit(form, async (v) => {
    out.replaceChildren();
    const day = fromTurkishDate(v.reportDate ?? '');
    const base = `${ctx.base()}`;
    // The reconciliation first: it checks the date (H501, H502) and says whether the day has a file.
    const agreement = await call('GET', `${base}/agreements/${encodeURIComponent(day)}`);
    if (agreement.status === 204 || !agreement.data) {
      out.append(
        el('p', {
          class: 'notice warn',
          text: `${trDate(day)} için dosya yok (o gün hareket olmamış ya da gün henüz kapanmamış).`,
        }),
      );
      say('Bu gün için dosya yok.', 'warn');
      return;
    }
    const files = [
      ['Günlük hareket dosyası', `${base}/changes/${day}/file`, `hareketler-${day}.csv`],
      [
        'Hareket dosyasının zaman damgası (.tsr)',
        `${base}/agreements/${day}/timestamp`,
        `hareketler-${day}.tsr`,
      ],
      ['Hareket dosyasının imzası (.p7s)', `${base}/changes/${day}/file/signature`, `hareketler-${day}.p7s`],
      ['Onay listesi', `${base}/changes/${day}/lists/approvals`, `onaylar-${day}.csv`],
      [
        'Onay listesinin zaman damgası (.tsr)',
        `${base}/changes/${day}/lists/approvals/timestamp`,
        `onaylar-${day}.tsr`,
      ],
      [
        'Onay listesinin imzası (.p7s)',
        `${base}/changes/${day}/lists/approvals/signature`,
        `onaylar-${day}.p7s`,
      ],
      ['Ret listesi', `${base}/changes/${day}/lists/rejections`, `retler-${day}.csv`],
      [
        'Ret listesinin zaman damgası (.tsr)',
        `${base}/changes/${day}/lists/rejections/timestamp`,
        `retler-${day}.tsr`,
      ],
      [
        'Ret listesinin imzası (.p7s)',
        `${base}/changes/${day}/lists/rejections/signature`,
        `retler-${day}.p7s`,
      ],
    ];
    const links = el('div', { class: 'row' });
    const rows = [];
    for (const [label, path, name] of files) {
      const r = await request('GET', path);
      if (!r.ok) {
        rows.push([label, `alınamadı (${r.status})`]);
        continue;
      }
      const blob = await r.blob();
      links.append(downloadLink(label, name, blob));
      rows.push([label, `${name}, ${trNumber(blob.size)} bayt`]);
    }
    const summaries = [];
    for (const recipientType of ['BIREYSEL', 'TACIR']) {
      const { data } = await call('GET', `${base}/changes/${day}/recipients/${recipientType}`);
      for (const c of data.changeStats)
        for (const s of c.consents)
          summaries.push([
            recipientType === 'BIREYSEL' ? 'Bireysel' : 'Tacir',
            named(channelNames, c.type),
            s.source === 'HS' ? 'Hizmet sağlayıcı (HS)' : 'Alıcı, İYS üzerinden (IYS)',
            trNumber(s.approval),
            trNumber(s.rejection),
            trNumber(s.total),
          ]);
    }
    const a = agreement.data;
    const agreeButton = el('button', {
      type: 'button',
      text: 'Mutabakatı onayla',
      onclick: async () => {
        try {
          await call('PUT', `${base}/agreements/${day}`, { agreementStatus: true });
          agreeState.textContent = 'Onaylandı';
          agreeButton.disabled = true;
          say('Mutabakat kaydedildi.', 'ok');
        } catch (e) {
          say(e.message, 'error');
        }
      },
    });
    const agreeState = el('span', { text: a.agreementStatus ? 'Onaylandı' : 'Onaylanmadı' });
    agreeButton.disabled = a.agreementStatus;
    out.append(
      el('h3', { text: trDate(day) }),
      el(
        'div',
        { class: 'panel' },
        el('h4', { text: 'Dosyalar' }),
        links,
        table('İndirilen dosyalar', ['Dosya', 'Ayrıntı'], rows),
      ),
      el(
        'div',
        { class: 'panel' },
        el('h4', { text: 'Mutabakat' }),
        pairs([
          ['İşlem durumu', a.processStatus === 'completed' ? 'Tamamlandı (completed)' : a.processStatus],
          ['Hareket dosyasının özeti (SHA-384)', el('code', { text: a.hashValue })],
          ['Mutabakat', agreeState],
        ]),
        agreeButton,
      ),
      table(
        'Mutabakat özeti',
        ['Alıcı tipi', 'Kanal', 'Kaynak', 'Onay', 'Ret', 'Toplam'],
        summaries,
        [3, 4, 5],
      ),
      el('h4', { text: 'OpenSSL ile doğrulama' }),
      el(
        'pre',
        { tabindex: '0', 'aria-label': 'Doğrulama komutları' },
        el('code', {
          text: [
            '# root.pem: /pki/root.pem (parmak izini yayımlanan değerle karşılaştırın)',
            `openssl dgst -sha384 hareketler-${day}.csv   # mutabakat özetiyle aynı olmalı`,
            `openssl ts -verify -data hareketler-${day}.csv -in hareketler-${day}.tsr -CAfile root.pem`,
            `openssl cms -verify -binary -inform DER -in hareketler-${day}.p7s -content hareketler-${day}.csv -CAfile root.pem -purpose any -out /dev/null`,
            `openssl ts -verify -data onaylar-${day}.csv -in onaylar-${day}.tsr -CAfile root.pem`,
            `openssl ts -verify -data retler-${day}.csv -in retler-${day}.tsr -CAfile root.pem`,
          ].join('\n'),
        }),
      ),
    );
    say(`${trDate(day)} dosyaları hazır.`, 'ok');
  });
  root.append(form, out);
}

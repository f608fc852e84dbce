// A consent's status, its history, and the receipt of any of its movements (files to download and the
// openssl commands that check them, as docs/evidence.md describes).

import {
  channelNames,
  named,
  recipientTypeNames,
  sourceNames,
  statusNames,
  trDateTime,
} from '/portal/format.js';
import { call, request } from './api.js';
import { channelOptions, recipientTypeOptions } from './fields.js';
import { base64Bytes, downloadLink, el, field, pairs, say, submit, table } from './ui.js';

export function render(root, ctx) {
  const channels = channelOptions(ctx, 'read');
  if (!channels.length) {
    root.append(el('p', { class: 'notice warn', text: 'Bu markada izin sorgulama yetkiniz yok.' }));
    return;
  }
  const out = el('div');
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'İzin sorgula' },
    el(
      'div',
      { class: 'form-grid' },
      field({
        name: 'recipient',
        label: 'Alıcı',
        hint: 'Telefon +90 ile ya da e-posta adresi.',
        attrs: { autocomplete: 'off' },
      }),
      field({ name: 'recipientType', label: 'Alıcı tipi', options: recipientTypeOptions }),
      field({ name: 'type', label: 'Kanal', options: channels }),
    ),
    el('button', { type: 'submit', text: 'Sorgula' }),
  );
  submit(form, async (key) => {
    out.replaceChildren();
    const { data: s } = await call('POST', `${ctx.base()}/consents/status`, key);
    const { data: h } = await call('POST', `${ctx.base()}/consents/history`, key);
    const receiptBox = el('div', { 'aria-live': 'polite' });
    out.append(
      el(
        'div',
        { class: 'panel' },
        el('h3', { text: 'Güncel durum' }),
        pairs([
          ['Alıcı', s.recipient],
          ['Alıcı tipi', named(recipientTypeNames, s.recipientType ?? key.recipientType)],
          ['Kanal', named(channelNames, s.type)],
          ['Durum', el('span', { class: `badge ${s.status}`, text: named(statusNames, s.status) })],
          ['Kaynak', named(sourceNames, s.source)],
          ['İzin tarihi', trDateTime(s.consentDate)],
          ['Kayıt tarihi', trDateTime(s.creationDate)],
          ['İşlem numarası', el('code', { text: s.transactionId })],
          ['Erişimi olan bayi sayısı', s.retailerAccessCount ?? 0],
        ]),
      ),
      el('h3', { text: 'Geçmiş' }),
      table(
        'İznin tüm hareketleri, en eskiden en yeniye',
        ['Kayıt tarihi', 'Durum', 'Kaynak', 'İzin tarihi', 'İşlem numarası', 'Makbuz'],
        h.list.map((m) => [
          trDateTime(m.creationDate),
          named(statusNames, m.status),
          named(sourceNames, m.source),
          trDateTime(m.consentDate),
          el('code', { text: m.transactionId }),
          el('button', {
            type: 'button',
            class: 'btn-secondary',
            text: 'Makbuz',
            'aria-label': `Makbuz: ${trDateTime(m.creationDate)} ${statusNames[m.status] ?? m.status}`,
            onclick: () => showReceipt(ctx, m.transactionId, receiptBox),
          }),
        ]),
      ),
      receiptBox,
    );
    say(`İzin bulundu: ${named(statusNames, s.status)}; ${h.list.length} hareket.`, 'ok');
  });
  root.append(form, out);
}

async function showReceipt(ctx, transactionId, box) {
  box.replaceChildren(el('p', { text: 'Makbuz alınıyor…' }));
  const r = await request('GET', `${ctx.base()}/receipts/${transactionId}`);
  const data = await r.json().catch(() => null);
  if (r.status === 202) {
    const wait = data?.retryAfterSeconds ?? 60;
    box.replaceChildren(
      el('p', {
        class: 'notice warn',
        text: `Makbuz henüz hazır değil: hareket bir sonraki kontrol noktasında mühürlenecek. Yaklaşık ${wait} saniye sonra yeniden deneyin.`,
      }),
      el('button', {
        type: 'button',
        text: 'Yeniden dene',
        onclick: () => showReceipt(ctx, transactionId, box),
      }),
    );
    say('Makbuz henüz hazır değil.', 'warn');
    return;
  }
  if (!r.ok) {
    const msg = data?.errors?.map((e) => `${e.code}: ${e.message}`).join(' ') ?? `HTTP ${r.status}`;
    box.replaceChildren(el('p', { class: 'notice error', text: msg }));
    return;
  }
  const [providerPem, tsaPem, rootPem] = data.certificates;
  const short = transactionId.slice(0, 12);
  box.replaceChildren(
    el(
      'section',
      { class: 'panel', 'aria-labelledby': 'h-receipt' },
      el('h3', { id: 'h-receipt', text: 'Makbuz' }),
      pairs([
        ['İşlem numarası', el('code', { text: transactionId })],
        ['Kayıt sırası (leafIndex)', data.leafIndex],
        ['Kontrol noktasındaki kayıt sayısı', data.treeSize],
      ]),
      el('p', {
        text: 'Dosyaları indirin; aşağıdaki komutlar, imzayı ve zaman damgasını OpenSSL ile bizden bağımsız doğrular.',
      }),
      el(
        'div',
        { class: 'row' },
        downloadLink(
          'Makbuzun tamamı (JSON)',
          `makbuz-${short}.json`,
          JSON.stringify(data, null, 2),
          'application/json',
        ),
        downloadLink('Kayıt', 'record.json', base64Bytes(data.record)),
        downloadLink('Kontrol noktası', 'checkpoint.txt', data.checkpoint, 'text/plain'),
        downloadLink('İmza (.p7s)', 'checkpoint.p7s', base64Bytes(data.checkpointSignature)),
        downloadLink('Zaman damgası (.tsr)', 'checkpoint.tsr', base64Bytes(data.checkpointTimestamp)),
        downloadLink('Kök sertifika', 'root.pem', rootPem ?? '', 'application/x-pem-file'),
        downloadLink('TSA sertifikası', 'tsa.pem', tsaPem ?? '', 'application/x-pem-file'),
        downloadLink('Sağlayıcı sertifikası', 'sps.pem', providerPem ?? '', 'application/x-pem-file'),
      ),
      el('h4', { text: 'OpenSSL ile doğrulama' }),
      el(
        'pre',
        { tabindex: '0', 'aria-label': 'Doğrulama komutları' },
        el('code', {
          text: [
            '# Kök sertifikanın parmak izini yayımlanan değerle karşılaştırın',
            'openssl x509 -in root.pem -noout -fingerprint -sha256',
            'openssl verify -CAfile root.pem -purpose timestampsign tsa.pem',
            'openssl verify -CAfile root.pem -purpose smimesign sps.pem',
            '# Kontrol noktasının imzası',
            'openssl cms -verify -binary -inform DER -in checkpoint.p7s -content checkpoint.txt -CAfile root.pem -purpose any -out /dev/null',
            '# Kontrol noktasının zaman damgası',
            'openssl ts -verify -data checkpoint.txt -in checkpoint.tsr -CAfile root.pem',
            '# Kaydın kontrol noktasına dahil olduğu: docs/evidence.md, verify-inclusion.sh',
            `# ya da, projenin deposunda: npx tsx bin/verify.ts receipt makbuz-${short}.json --root root.pem`,
          ].join('\n'),
        }),
      ),
    ),
  );
  say('Makbuz hazır.', 'ok');
}

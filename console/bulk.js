// Bulk files: the browser sends the file straight to the presigned URL the API gives (the API never sees
// the bytes), then follows the upload's processing until it ends, and shows the counts and the error report.

import { trBytes, trDateTime, trNumber, uploadStatusNames } from '/portal/format.js';
import { call } from './api.js';
import { channelOptions } from './fields.js';
import { templateCsv, templateRows, xlsxBytes } from './template.js';
import { downloadLink, el, field, say, submit, table } from './ui.js';

/** Formats by file name; İYS's Excel template is .xlsx. */
export const formats = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', xlsx: 'xlsx' };
const contentTypes = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const POLL_MS = 1000;

/** The brand's latest uploads (GET …/consents/uploads), with the file names this session knows. */
let uploads = [];
const names = new Map();
const listBox = el('div');

async function loadList(ctx) {
  const { data } = await call('GET', `${ctx.base()}/consents/uploads`);
  uploads = data.list.map((u) => ({
    name: names.get(u.uploadId) ?? '—',
    uploadId: u.uploadId,
    createdAt: u.createdAt,
    status: u.status,
    success: u.rows.success,
    failure: u.rows.failure,
  }));
  refreshList();
}

export function render(root, ctx) {
  if (!['MESAJ', 'ARAMA', 'EPOSTA'].every((c) => ctx.can(c, 'write'))) {
    root.append(
      el('p', {
        class: 'notice warn',
        text: 'Toplu yükleme için bu markanın üç kanalında da yazma yetkisi gerekir (bir dosya her kanalı içerebilir).',
      }),
    );
    return;
  }
  const progress = el('div', { class: 'stack' });
  const form = el(
    'form',
    { novalidate: true, 'aria-label': 'Toplu izin dosyası yükle' },
    el('p', {
      text: 'CSV (sütunlar: recipient,type,status,consentDate,source,recipientType,retailerCode), JSON Lines (her satırda bir izin) ya da Excel (.xlsx: ilk sayfa, başlık satırında aynı sütun adları, yukarıdaki şablon gibi). En fazla 5 GB.',
    }),
    field({ name: 'file', label: 'Dosya', type: 'file', attrs: { accept: '.csv,.jsonl,.ndjson,.xlsx' } }),
    el('button', { type: 'submit', text: 'Yükle' }),
  );
  submit(form, async () => {
    const file = form.querySelector('input[type="file"]').files[0];
    const format = formats[file?.name.split('.').pop()?.toLowerCase()];
    if (!file || !format)
      throw {
        errors: [{ location: ['file'], message: 'Bir .csv, .jsonl ya da .xlsx dosyası seçin.' }],
      };
    await upload(ctx, file, format, progress);
  });
  const lookup = el(
    'form',
    { novalidate: true, 'aria-label': 'Yükleme sorgula' },
    el('h3', { text: 'Önceki bir yükleme' }),
    field({ name: 'uploadId', label: 'Yükleme numarası', attrs: { autocomplete: 'off' } }),
    el('button', { type: 'submit', class: 'btn-secondary', text: 'Durumunu göster' }),
  );
  submit(lookup, async (v) => {
    const box = el('div', { class: 'panel' });
    progress.prepend(box);
    await follow(ctx, v.uploadId ?? '', box, null);
  });
  uploads = [];
  refreshList();
  root.append(templates(ctx), form, progress, lookup, listBox);
  loadList(ctx).catch(() => refreshList());
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The CSV and Excel templates: the accepted columns and one example row on the chosen channel, made when
 * the link is followed (so the example's consent date is an hour before that moment, as İYS requires).
 */
function templates(ctx) {
  const channel = field({
    name: 'templateChannel',
    label: 'Örnek satırın kanalı',
    options: channelOptions(ctx, 'write'),
  });
  const select = channel.querySelector('select');
  const link = (text, fileName, make, type) => {
    const a = downloadLink(text, fileName, '', type);
    // The file is made at the click, before the browser follows the link.
    a.addEventListener('click', () => {
      URL.revokeObjectURL(a.href);
      a.href = URL.createObjectURL(new Blob([make(templateRows(select.value))], { type }));
      say(`${text}: ${fileName} indirildi.`, 'ok');
    });
    return a;
  };
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'h-templates' },
    el('h3', { id: 'h-templates', text: 'Şablonlar' }),
    el('p', {
      text: 'Başlık satırında kabul edilen sütun adları, altında bir örnek satır vardır. Örneği kendi izinlerinizle değiştirin; sütun adları değişmemelidir. Boş bırakılan hücreler gönderilmez.',
    }),
    channel,
    el(
      'div',
      { class: 'row' },
      link('CSV şablonunu indir', 'izin-sablonu.csv', templateCsv, 'text/csv'),
      link('Excel şablonunu indir (.xlsx)', 'izin-sablonu.xlsx', xlsxBytes, XLSX_TYPE),
    ),
  );
}

function refreshList() {
  if (!uploads.length)
    return listBox.replaceChildren(
      el('p', { class: 'muted', text: 'Bu marka için henüz dosya yüklenmedi.' }),
    );
  listBox.replaceChildren(uploadTable());
}

function uploadTable() {
  return table(
    'Markanın son yüklemeleri',
    ['Dosya', 'Yükleme numarası', 'Başlangıç', 'Durum', 'Başarılı', 'Hatalı'],
    uploads.map((u) => [
      u.name,
      el('code', { text: u.uploadId }),
      trDateTime(u.createdAt),
      uploadStatusNames[u.status] ?? u.status,
      trNumber(u.success),
      trNumber(u.failure),
    ]),
    [4, 5],
  );
}

async function upload(ctx, file, format, progress) {
  const box = el('section', { class: 'panel', 'aria-label': `Yükleme: ${file.name}` });
  progress.prepend(box);
  const sent = el('progress', { max: String(file.size), value: '0', id: `up-${Date.now()}` });
  const sentText = el('p', { text: `Gönderiliyor: 0 / ${trBytes(file.size)}` });
  box.append(
    el('h3', { text: file.name }),
    el('label', { for: sent.id, text: 'Dosyanın gönderilmesi' }),
    sent,
    sentText,
  );
  const { data: target } = await call('POST', `${ctx.base()}/consents/uploads`, {
    format,
    sizeBytes: file.size,
  });
  const entry = {
    name: file.name,
    uploadId: target.uploadId,
    createdAt: new Date().toISOString(),
    status: 'WAITING',
    success: 0,
    failure: 0,
  };
  names.set(target.uploadId, file.name);
  uploads.unshift(entry);
  refreshList();
  say(`${file.name} gönderiliyor.`);
  await put(target, file, format, (loaded) => {
    sent.value = loaded;
    sentText.textContent = `Gönderiliyor: ${trBytes(loaded)} / ${trBytes(file.size)}`;
  });
  sentText.textContent = `Gönderildi: ${trBytes(file.size)}`;
  say(`${file.name} gönderildi; işleniyor.`);
  await follow(ctx, target.uploadId, box, entry);
}

/** PUT to the presigned URL with the signed headers; XMLHttpRequest, since fetch reports no upload progress. */
function put(target, file, format, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method ?? 'PUT', target.url);
    // content-length is the browser's own (the file's size, which the URL's signature demands).
    xhr.setRequestHeader('content-type', target.headers?.['content-type'] ?? contentTypes[format]);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject({ errors: [{ message: `Dosya gönderilemedi (depolama yanıtı ${xhr.status}).` }] });
    xhr.onerror = () => reject({ errors: [{ message: 'Dosya gönderilemedi (bağlantı hatası).' }] });
    xhr.send(file);
  });
}

/** Polls the upload until it ends, with a processing bar (rows done of rows seen). */
async function follow(ctx, uploadId, box, entry) {
  const bar = el('progress', { id: `pr-${uploadId}`, max: '1', value: '0' });
  const text = el('p', { 'aria-live': 'polite' });
  const result = el('div');
  box.append(el('label', { for: bar.id, text: 'İşlenme' }), bar, text, result);
  for (;;) {
    const { data: u } = await call('GET', `${ctx.base()}/consents/uploads/${encodeURIComponent(uploadId)}`);
    if (entry) {
      Object.assign(entry, { status: u.status, success: u.rows.success, failure: u.rows.failure });
      refreshList();
    }
    bar.max = Math.max(u.rows.seen, 1);
    bar.value = u.rows.done;
    text.textContent = `${uploadStatusNames[u.status] ?? u.status}: ${trNumber(u.rows.done)} / ${trNumber(u.rows.seen)} satır işlendi.`;
    if (u.status === 'COMPLETED' || u.status === 'FAILED') {
      bar.max = 1;
      bar.value = 1;
      // Each upload's tables are named after it: several uploads on one page keep their regions distinct.
      await showResult(u, result, ` – ${entry?.name ?? uploadId}`);
      say(
        `${uploadStatusNames[u.status]}: ${trNumber(u.rows.success)} başarılı, ${trNumber(u.rows.failure)} hatalı satır.`,
        u.status === 'COMPLETED' ? 'ok' : 'error',
      );
      return u;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function showResult(u, box, of) {
  box.append(
    table(
      `Sonuç${of}`,
      ['Durum', 'Okunan satır', 'Başarılı', 'Hatalı'],
      [
        [
          `${uploadStatusNames[u.status]} (${u.status})`,
          trNumber(u.rows.seen),
          trNumber(u.rows.success),
          trNumber(u.rows.failure),
        ],
      ],
      [1, 2, 3],
    ),
  );
  if (u.reason) box.append(el('p', { class: 'notice error', text: `${u.reasonCode}: ${u.reason}` }));
  const codes = Object.entries(u.errorsByCode ?? {});
  if (codes.length)
    box.append(
      table(
        `Hata kodlarına göre${of}`,
        ['Kod', 'Satır sayısı'],
        codes.map(([c, n]) => [c, trNumber(n)]),
        [1],
      ),
    );
  if (!u.reportUrl) return;
  // The report comes from its presigned URL (reports bucket); shown as a table (first 200 lines) and saved.
  const r = await fetch(u.reportUrl);
  if (!r.ok) {
    box.append(el('p', { class: 'notice error', text: `Hata raporu alınamadı (${r.status}).` }));
    return;
  }
  const csv = await r.text();
  const lines = parseCsv(csv);
  const [, ...rows] = lines;
  box.append(
    downloadLink('Hata raporunu indir (CSV)', `hata-raporu-${u.uploadId}.csv`, csv, 'text/csv'),
    table(
      `Hata raporu${rows.length > 200 ? ' (ilk 200 satır)' : ''}${of}`,
      ['Satır', 'Kod', 'Alan', 'Mesaj', 'Alıcı'],
      rows.slice(0, 200),
      [0],
    ),
  );
}

/** RFC 4180 CSV (the report's quoting), small files only. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// Shared by the portal and the console: İYS's codes in human Turkish, Turkish dates and numbers. The API's
// times are Turkey time ("YYYY-MM-DD HH:mm:ss", no zone) or ISO 8601; both are shown in Turkey time
// whatever the browser's locale or zone.

export const channelNames = { MESAJ: 'SMS (kısa mesaj)', ARAMA: 'Sesli arama', EPOSTA: 'E-posta' };
export const statusNames = { ONAY: 'Onaylı', RET: 'Reddedildi' };
export const recipientTypeNames = { BIREYSEL: 'Bireysel', TACIR: 'Tacir' };
export const sourceNames = {
  HS_FIZIKSEL_ORTAM: 'Fiziksel ortam',
  HS_ISLAK_IMZA: 'Islak imza',
  HS_WEB: 'Web sitesi',
  HS_CAGRI_MERKEZI: 'Çağrı merkezi',
  HS_SOSYAL_MEDYA: 'Sosyal medya',
  HS_EPOSTA: 'E-posta',
  HS_MESAJ: 'Kısa mesaj',
  HS_MOBIL: 'Mobil uygulama',
  HS_EORTAM: 'Elektronik ortam',
  HS_ETKINLIK: 'Etkinlik',
  HS_2015: '2015 öncesi izin',
  HS_ATM: 'ATM',
  HS_KARAR: 'Yetkili makam kararı',
  IYS_KISAMESAJ: 'İYS kısa numarası (SMS)',
  IYS_CM: 'İYS çağrı merkezi',
  IYS_WEB: 'İYS web portalı',
  IYS_WEB_YENI: 'İYS web portalı (marka ekleme)',
  IYS_MOBIL: 'İYS mobil uygulaması',
  IYS_EPOSTA: 'İYS e-posta bağlantısı',
  IYS_AHS_HAT_KAPATMA: 'Hat kapatma',
  IYS_FRAME_EPOSTA: 'İYS çerçeve (e-posta)',
  IYS_FRAME_SMS: 'İYS çerçeve (SMS)',
};
export const uploadStatusNames = {
  WAITING: 'Dosya bekleniyor',
  RECEIVED: 'Dosya alındı',
  PROCESSING: 'İşleniyor',
  COMPLETED: 'Tamamlandı',
  FAILED: 'Başarısız',
};
export const complaintStatusNames = {
  RECEIVED: 'Alındı',
  IN_REVIEW: 'İnceleniyor',
  UPHELD: 'Haklı bulundu',
  DISMISSED: 'Reddedildi',
};
export const monthNames = [
  'Ocak',
  'Şubat',
  'Mart',
  'Nisan',
  'Mayıs',
  'Haziran',
  'Temmuz',
  'Ağustos',
  'Eylül',
  'Ekim',
  'Kasım',
  'Aralık',
];

/** A code's human name with the code beside it, e.g. "Web sitesi (HS_WEB)"; unknown codes as they are. */
export function named(names, code) {
  if (code === undefined || code === null || code === '') return '';
  const n = names[code];
  return n ? `${n} (${code})` : String(code);
}

const dateTime = new Intl.DateTimeFormat('tr-TR', {
  timeZone: 'Europe/Istanbul',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat('tr-TR', {
  timeZone: 'Europe/Istanbul',
  hour: '2-digit',
  minute: '2-digit',
});

/** "24 Kasım 2026 09:00" for "2026-11-24 09:00:00" (Turkey time) or an ISO 8601 instant. */
export function trDateTime(value) {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (m) return `${Number(m[3])} ${monthNames[Number(m[2]) - 1]} ${m[1]} ${m[4]}:${m[5]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
}

/** "09:30" (Turkey time) for an instant. */
export function trTime(value) {
  return timeOnly.format(value instanceof Date ? value : new Date(value));
}

/** "2 Aralık 2026" for "2026-12-02". */
export function trDate(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${Number(m[3])} ${monthNames[Number(m[2]) - 1]} ${m[1]}` : String(day ?? '');
}

const integer = new Intl.NumberFormat('tr-TR');
/** "1.234.567" */
export function trNumber(n) {
  return integer.format(n ?? 0);
}

/** "1,5 MB" */
export function trBytes(n) {
  const units = ['bayt', 'kB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${new Intl.NumberFormat('tr-TR', { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}

/** Today's date in Turkey ("YYYY-MM-DD"), for pickers' defaults. */
export function turkeyToday(now = new Date()) {
  return new Date(now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}

/** An element with text (never HTML: every value from the API goes in as text). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c);
  return e;
}

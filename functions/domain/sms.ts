/**
 * The short-number SMS channel (reference §7.15, §9): `RET <SHORTNAME>` or `RET <brandCode>`, several
 * keywords allowed (`RET ORNEK ORNEKCOCUK`), case- and Turkish-letter-insensitive ("ret örnek" = "RET ORNEK").
 * İYS's sandbox suffix `SDXIYS` is ignored.
 */
const fold: Record<string, string> = {
  İ: 'I',
  I: 'I',
  Ş: 'S',
  Ğ: 'G',
  Ü: 'U',
  Ö: 'O',
  Ç: 'C',
  Â: 'A',
  Î: 'I',
  Û: 'U',
};

/** Upper case in Turkish, then Turkish letters folded to ASCII: the form short names are indexed by. */
export function normaliseKeyword(raw: string): string {
  return raw
    .normalize('NFC')
    .toLocaleUpperCase('tr-TR')
    .replace(/[İIŞĞÜÖÇÂÎÛ]/g, (c) => fold[c] ?? c)
    .replace(/[^A-Z0-9]/g, '');
}

export type SmsCommand = { command: 'RET'; keywords: string[] } | { command: 'UNKNOWN' };

export function parseSms(text: string): SmsCommand {
  const words = text
    .split(/[\s,;]+/)
    .map(normaliseKeyword)
    .filter(Boolean);
  if (words[0] !== 'RET') return { command: 'UNKNOWN' };
  const keywords = [...new Set(words.slice(1).filter((w) => w !== 'SDXIYS'))];
  if (!keywords.length || keywords.length > 10) return { command: 'UNKNOWN' };
  return { command: 'RET', keywords };
}

export const smsReplies = {
  help: 'Mesajınız anlaşılamadı. Ret için RET ve markanın kısa adını ya da İYS numarasını yazın, örn. RET ORNEK veya RET 700001.',
  unknownKeyword: (k: string[]) =>
    `${k.join(', ')} adında bir marka bulunamadı. Markanın kısa adını ya da İYS numarasını kontrol edip RET KISAAD biçiminde yeniden gönderin.`,
  rejected: (names: string[]) => `${names.join(', ')} için ileti izniniz RET olarak kaydedildi.`,
  nothingToReject: (names: string[]) =>
    `${names.join(', ')} için bu numaraya kayıtlı onaylı bir izin bulunamadı; değişiklik yapılmadı.`,
};

/**
 * The widget's captcha (docs/via-frame.md): six characters drawn as jittered 5×7 dot-matrix cells with noise
 * lines, as an SVG image. The answer is never in the image as text (no <text>, no font): reading it takes
 * looking at it. No third-party service and no network: it works the same under `npm start`. Randomness comes
 * in as a function (the adapters' CSPRNG; tests give a fixed sequence).
 */

/** No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): the alphabet the glyphs below draw. */
export const CAPTCHA_ALPHABET = '34679ACEFHKMNPRTWXY';
export const CAPTCHA_LENGTH = 6;

/** Rows of 5 bits, top to bottom. */
const glyphs: Record<string, readonly number[]> = {
  '3': [0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110],
  '4': [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
  '6': [0b01110, 0b10000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
  '7': [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
  '9': [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00001, 0b01110],
  A: [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
  C: [0b01111, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b01111],
  E: [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111],
  F: [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000],
  H: [0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
  K: [0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001],
  M: [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001],
  N: [0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001, 0b10001],
  P: [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000],
  R: [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],
  T: [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100],
  W: [0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b11011, 0b10001],
  X: [0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001],
  Y: [0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100],
};

/** A uniform index below n from uniform 32-bit draws (rejection: no modulo bias). */
function below(n: number, randomUint32: () => number): number {
  const ceiling = Math.floor(2 ** 32 / n) * n;
  for (;;) {
    const r = randomUint32() >>> 0;
    if (r < ceiling) return r % n;
  }
}

export function captchaText(randomUint32: () => number): string {
  let s = '';
  for (let i = 0; i < CAPTCHA_LENGTH; i++)
    s += CAPTCHA_ALPHABET[below(CAPTCHA_ALPHABET.length, randomUint32)];
  return s;
}

/** The image of a captcha text (upper-case letters of CAPTCHA_ALPHABET). */
export function captchaSvg(text: string, randomUint32: () => number): string {
  const cell = 4;
  const width = 24 + text.length * 7 * cell;
  const height = 12 + 7 * cell + 12;
  const jitter = (k: number) => below(2 * k + 1, randomUint32) - k;
  const parts: string[] = [];
  [...text].forEach((ch, i) => {
    const rows = glyphs[ch];
    if (!rows) throw new Error('captcha character outside the alphabet');
    const x0 = 12 + i * 7 * cell + jitter(2);
    const y0 = 12 + jitter(4);
    const shade = 40 + below(60, randomUint32);
    rows.forEach((bits, row) => {
      for (let col = 0; col < 5; col++) {
        if (!((bits >> (4 - col)) & 1)) continue;
        const x = x0 + col * cell + jitter(1);
        const y = y0 + row * cell + jitter(1);
        parts.push(
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},${shade + 40})"/>`,
        );
      }
    });
  });
  for (let i = 0; i < 5; i++) {
    const y1 = below(height, randomUint32);
    const y2 = below(height, randomUint32);
    parts.push(
      `<line x1="0" y1="${y1}" x2="${width}" y2="${y2}" stroke="rgb(120,120,160)" stroke-width="1"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}

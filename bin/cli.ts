/**
 * `iys`: a small client for bulk consent files (README, "Bulk files and the CLI").
 *
 *   iys login  --url http://127.0.0.1:3000 --user ornek-api --password change-me-1
 *   iys upload consents.csv --iys 700001 --brand 700001 [--format csv|jsonl] [--report out.csv]
 *   iys status <uploadId> --iys 700001 --brand 700001
 *
 * `upload` asks for a presigned URL, streams the file to it with a progress bar, follows the processing with
 * a second progress bar, saves the error report, and exits 0 when every row was recorded, 1 when some rows
 * were refused (the report says which), 2 when the file as a whole failed, 3 on a usage or network error.
 * The session (access and refresh tokens) is kept in ~/.iys/session.json (mode 0600), or taken from
 * IYS_TOKEN / IYS_URL.
 */
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

interface UploadState {
  status: string;
  reason?: string;
  reasonCode?: string;
  rows: { seen?: number; done?: number; success?: number; failure?: number };
  errorsByCode?: Record<string, number>;
  reportUrl?: string;
}

interface Session {
  url: string;
  accessToken: string;
  refreshToken?: string;
}

class Usage extends Error {}

const sessionFile = process.env.IYS_SESSION_FILE ?? join(homedir(), '.iys', 'session.json');

function loadSession(): Session {
  if (process.env.IYS_TOKEN)
    return { url: process.env.IYS_URL ?? 'http://127.0.0.1:3000', accessToken: process.env.IYS_TOKEN };
  try {
    return JSON.parse(readFileSync(sessionFile, 'utf8')) as Session;
  } catch {
    throw new Usage('Oturum yok: önce `iys login` çalıştırın.');
  }
}

function saveSession(s: Session): void {
  mkdirSync(dirname(sessionFile), { recursive: true, mode: 0o700 });
  writeFileSync(sessionFile, JSON.stringify(s), { mode: 0o600 });
}

async function api(
  s: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const r = await fetch(s.url + path, {
    method,
    headers: {
      authorization: `Bearer ${s.accessToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

/** Access tokens are short-lived: refresh once on 401, with the refresh token of the session. */
async function call<T>(s: Session, method: string, path: string, body?: unknown): Promise<T> {
  let r = await api(s, method, path, body);
  if (r.status === 401 && s.refreshToken) {
    const t = await fetch(`${s.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: s.refreshToken }),
    });
    if (t.ok) {
      const tok = (await t.json()) as { access_token: string; refresh_token?: string };
      s.accessToken = tok.access_token;
      if (tok.refresh_token) s.refreshToken = tok.refresh_token;
      if (!process.env.IYS_TOKEN) saveSession(s);
      r = await api(s, method, path, body);
    }
  }
  if (r.status >= 400) {
    const errors = (r.body?.errors ?? []) as { code: string; message: string }[];
    throw new Error(errors.map((e) => `${e.code}: ${e.message}`).join('; ') || `HTTP ${r.status}`);
  }
  return r.body as T;
}

const tty = process.stderr.isTTY;
function bar(label: string, done: number, total: number, extra = ''): void {
  const width = 30;
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}% ${extra}`;
  if (tty) process.stderr.write(`\r${line}\x1b[K`);
  else process.stderr.write(`${line}\n`);
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** PUTs the file as a stream (never read whole), reporting bytes sent. */
function put(url: string, headers: Record<string, string>, file: string, size: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method: 'PUT', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 500) < 300) resolve();
          else
            reject(
              new Error(
                `yükleme reddedildi: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`,
              ),
            );
        });
      },
    );
    req.on('error', reject);
    let sent = 0;
    let last = 0;
    const started = Date.now();
    const input = createReadStream(file);
    input.on('data', (c) => {
      sent += c.length;
      const now = Date.now();
      if (now - last > 200 || sent === size) {
        last = now;
        const rate = sent / Math.max(0.001, (now - started) / 1000);
        bar('Yükleniyor ', sent, size, `${mb(sent)} / ${mb(size)}  ${mb(rate)}/s`);
      }
    });
    input.on('error', reject);
    input.pipe(req);
  });
}

async function follow(s: Session, base: string, uploadId: string, intervalMs: number) {
  for (;;) {
    const st = await call<UploadState>(s, 'GET', `${base}/consents/uploads/${uploadId}`);
    const { seen = 0, done = 0, success = 0, failure = 0 } = st.rows as Record<string, number>;
    const label = st.status === 'WAITING' || st.status === 'RECEIVED' ? 'Bekliyor   ' : 'İşleniyor  ';
    bar(
      label,
      done,
      Math.max(seen, 1),
      `${done.toLocaleString('tr-TR')} / ${seen.toLocaleString('tr-TR')} satır  başarılı ${success}  hatalı ${failure}`,
    );
    if (st.status === 'COMPLETED' || st.status === 'FAILED') {
      if (tty) process.stderr.write('\n');
      return st;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      iys: { type: 'string' },
      brand: { type: 'string' },
      format: { type: 'string' },
      report: { type: 'string' },
      interval: { type: 'string' },
    },
  });
  if (command === 'login') {
    const url = (values.url ?? process.env.IYS_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
    const user = values.user ?? process.env.IYS_USER;
    const password = values.password ?? process.env.IYS_PASSWORD;
    if (!user || !password)
      throw new Usage(
        'iys login --url URL --user KULLANICI --password PAROLA (veya IYS_USER / IYS_PASSWORD)',
      );
    const r = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: user, password }),
    });
    const tok = (await r.json()) as {
      access_token?: string;
      refresh_token?: string;
      error_description?: string;
    };
    if (!r.ok || !tok.access_token) throw new Error(`giriş başarısız: ${tok.error_description ?? r.status}`);
    saveSession({
      url,
      accessToken: tok.access_token,
      ...(tok.refresh_token ? { refreshToken: tok.refresh_token } : {}),
    });
    process.stdout.write(`Giriş yapıldı: ${user} @ ${url}\n`);
    return 0;
  }
  const iys = values.iys ?? process.env.IYS_CODE;
  const brand = values.brand ?? process.env.IYS_BRAND;
  if (command === 'upload') {
    const file = positionals[0];
    if (!file || !iys || !brand)
      throw new Usage(
        'iys upload DOSYA --iys İYS_KODU --brand MARKA_KODU [--format csv|jsonl] [--report RAPOR.csv]',
      );
    const format = values.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
    const size = statSync(file).size;
    const s = loadSession();
    const base = `/sps/${iys}/brands/${brand}`;
    const target = await call<{ uploadId: string; url: string; headers: Record<string, string> }>(
      s,
      'POST',
      `${base}/consents/uploads`,
      { format, sizeBytes: size },
    );
    process.stderr.write(`Yükleme: ${target.uploadId}\n`);
    await put(target.url, target.headers, file, size);
    if (tty) process.stderr.write('\n');
    const st = await follow(s, base, target.uploadId, Number(values.interval ?? 1000));
    return finish(st, values.report ?? `${file}.rapor.csv`);
  }
  if (command === 'status') {
    const uploadId = positionals[0];
    if (!uploadId || !iys || !brand)
      throw new Usage('iys status UPLOAD_ID --iys İYS_KODU --brand MARKA_KODU [--report RAPOR.csv]');
    const s = loadSession();
    const st = await call<UploadState>(s, 'GET', `/sps/${iys}/brands/${brand}/consents/uploads/${uploadId}`);
    if (st.status !== 'COMPLETED' && st.status !== 'FAILED') {
      process.stdout.write(`${JSON.stringify({ ...st, reportUrl: undefined }, null, 2)}\n`);
      return 0;
    }
    return finish(st, values.report ?? `${uploadId}.rapor.csv`);
  }
  throw new Usage('Komutlar: login, upload, status');
}

async function finish(st: UploadState, reportPath: string): Promise<number> {
  const { seen = 0, success = 0, failure = 0 } = st.rows as Record<string, number>;
  process.stdout.write(`Durum: ${st.status}${st.reason ? ` (${st.reasonCode}: ${st.reason})` : ''}\n`);
  process.stdout.write(`Satır: ${seen}  başarılı: ${success}  hatalı: ${failure}\n`);
  for (const [code, n] of Object.entries(st.errorsByCode ?? {})) process.stdout.write(`  ${code}: ${n}\n`);
  if (st.reportUrl) {
    const r = await fetch(st.reportUrl);
    if (!r.ok) throw new Error(`rapor indirilemedi: HTTP ${r.status}`);
    writeFileSync(reportPath, Buffer.from(await r.arrayBuffer()));
    process.stdout.write(`Hata raporu: ${reportPath}\n`);
  }
  if (st.status === 'FAILED') return 2;
  return failure > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Usage ? 'Kullanım: ' : 'Hata: '}${(e as Error).message}\n`);
    process.exit(3);
  },
);

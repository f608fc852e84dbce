import { createServer, type Server } from 'node:http';

/**
 * "A provider's own site" for ViA Frame (docs/via-frame.md), on its own local port: another origin than the
 * API, as a real provider's page is. `/widget/{uuid}` is a shop page that embeds that widget with the two
 * lines a provider copies (its place and the loader). Its own policy allows scripts, requests and frames from
 * the API's origin only, as a careful provider's would.
 */
export interface DemoSite {
  url: string;
  /** The API's base, known once the API listens (the site starts first: the seed needs its origin). */
  setApi(url: string): void;
  stop(): Promise<void>;
}

const page = (api: string, uuid: string) => `<!doctype html>
<html lang="tr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Örnek Mağaza – kampanyalardan haberdar olun</title></head>
<body>
<main>
<h1>Örnek Mağaza</h1>
<p>Kampanyalarımızdan ilk siz haberdar olun: izninizi İleti Yönetim Sistemi (İYS) üzerinden verin.</p>
<div id="${uuid}"></div>
<script src="${api}/widget/load-widgetloader/${uuid}" async></script>
</main>
</body></html>`;

export async function startDemoSite(port: number): Promise<DemoSite> {
  let api = '';
  const server: Server = createServer((req, res) => {
    const m = /^\/widget\/([0-9a-f-]{36})\/?$/.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!m || !api) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bulunamadı');
      return;
    }
    const apiOrigin = new URL(api).origin;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${apiOrigin}; connect-src ${apiOrigin}; frame-src ${apiOrigin}; style-src 'none'; base-uri 'none'`,
      'cache-control': 'no-store',
    });
    res.end(page(api, m[1]!));
  });
  // The port asked for (the API's + 1 by default) when it is free, else any: the demo must not stop the system.
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' && port !== 0) server.listen(0, '127.0.0.1', () => resolve());
      else reject(e);
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    setApi: (url) => {
      api = url;
    },
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections?.();
      }),
  };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { handlerEntry, IysFunction } from '../../lib/constructs/iys-function.js';

/**
 * A real bundle through the project's construct (NodejsFunction → local esbuild, no Docker): proves the
 * bundling configuration (ESM, require banner, minify, node22, AWS SDK from the runtime) produces a working,
 * small artefact; the heaviest handlers stay under the 1 MB budget.
 */
const budget = 1024 * 1024; // 1 MiB minified
// Inside the project, so the bundle resolves the AWS SDK from node_modules as Lambda resolves the runtime's.
fs.mkdirSync(path.join(process.cwd(), '.local'), { recursive: true });
const outdir = fs.mkdtempSync(path.join(process.cwd(), '.local', 'iys-bundle-'));

function bundle(module: string, dirName = module): { dir: string; code: string } {
  const app = new App({ outdir: path.join(outdir, dirName) });
  const stack = new Stack(app, `Bundle-${module}`, {
    env: { account: '123456789012', region: 'eu-central-1' },
  });
  new IysFunction(stack, 'Fn', { entry: handlerEntry(module) });
  const assembly = app.synth();
  const assets = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
  expect(assets).toHaveLength(1);
  const dir = path.join(assembly.directory, assets[0]!);
  return { dir, code: path.join(dir, 'index.mjs') };
}

describe('IysFunction bundling', () => {
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('bundles the health handler into one ESM file under budget that runs', async () => {
    const { dir, code } = bundle('health');
    const size = fs.statSync(code).size;
    expect(size).toBeLessThanOrEqual(budget);
    expect(fs.existsSync(path.join(dir, 'index.mjs.map'))).toBe(true);
    const text = fs.readFileSync(code, 'utf8');
    expect(text.startsWith('import { createRequire as __iysCreateRequire }'), 'banner first').toBe(true);
    expect(text.length / text.split('\n').length, 'minified: long lines').toBeGreaterThan(2000);

    const mod = (await import(pathToFileURL(code).href)) as {
      handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const res = await mod.handler(
      {
        httpMethod: 'GET',
        path: '/health',
        resource: '/health',
        headers: {},
        queryStringParameters: null,
        pathParameters: null,
        body: null,
        isBase64Encoded: false,
        requestContext: { requestId: 'r-1', identity: { sourceIp: '203.0.113.1' } },
      },
      { awsRequestId: 'r-1', functionName: 'health', getRemainingTimeInMillis: () => 29_000 },
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it.each(['add-consent', 'bulk-worker', 'consents-stream', 'citizen-consents-list'])(
    'keeps the heavy handler %s under the 1 MB budget',
    (module) => {
      const { code } = bundle(module);
      expect(fs.statSync(code).size).toBeLessThanOrEqual(budget);
    },
  );

  it('bundles the token handler (using the runtime SDK clients) under budget', () => {
    const { code } = bundle('create-token');
    const size = fs.statSync(code).size;
    expect(size).toBeLessThanOrEqual(budget);
    expect(fs.readFileSync(code, 'utf8').includes('ECDSA_SHA_256'), 'KMS signing is in the bundle').toBe(
      true,
    );
  });

  it('bundles the API reference files handler with Swagger UI’s files beside it, and it serves them', async () => {
    const { dir, code } = bundle('api-docs-file');
    expect(fs.statSync(code).size).toBeLessThanOrEqual(budget);
    const packaged = path.join(process.cwd(), 'node_modules/swagger-ui-dist/swagger-ui-bundle.js');
    expect(fs.readFileSync(path.join(dir, 'swagger-ui-bundle.js'))).toEqual(fs.readFileSync(packaged));
    expect(fs.existsSync(path.join(dir, 'swagger-ui.css'))).toBe(true);
    const mod = (await import(pathToFileURL(code).href)) as {
      handler: (
        e: unknown,
        c: unknown,
      ) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
    };
    const get = (file: string) =>
      mod.handler(
        {
          httpMethod: 'GET',
          path: `/docs/${file}`,
          resource: '/docs/{file}',
          headers: {},
          queryStringParameters: null,
          pathParameters: { file },
          body: null,
          isBase64Encoded: false,
          requestContext: { requestId: 'r-2', identity: { sourceIp: '203.0.113.1' } },
        },
        { awsRequestId: 'r-2', functionName: 'api-docs-file', getRemainingTimeInMillis: () => 29_000 },
      );
    const js = await get('swagger-ui-bundle.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe(fs.readFileSync(packaged, 'utf8'));
    expect((await get('package.json')).statusCode).toBe(404);
  });

  it('reuses an earlier bundle when none of its inputs changed (custom asset hash)', () => {
    const first = bundle('health', 'reuse');
    AssetStaging.clearAssetHashCache(); // as a new `cdk synth` process would start
    const writes: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      writes.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      const second = bundle('health', 'reuse');
      expect(second.dir).toBe(first.dir);
    } finally {
      process.stderr.write = write;
    }
    expect(writes.filter((w) => w.includes('Bundling asset'))).toEqual([]);
  });
});

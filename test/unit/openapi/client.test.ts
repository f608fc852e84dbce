import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/api/openapi.js';
import { specs } from '../../../functions/specs/index.js';
import { typesOf } from '../../client/generate.js';

/**
 * A typed client from the served document: openapi-typescript writes its types, and a small program using
 * them with openapi-fetch (addConsent, consentDetail and the change feed) is type-checked by the project's
 * TypeScript. The program also makes mistakes marked `@ts-expect-error`: were the types loose (`any`), those
 * marks would be unused and the check would fail.
 */
const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'iys-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const program = `import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type Consent = components['schemas']['ConsentStatus'];
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000' });
const path = { iysCode: 700001, brandCode: 700001 };

export async function addReadAndFollow(token: string): Promise<string[]> {
  const headers = { authorization: \`Bearer \${token}\` };
  const added = await client.POST('/sps/{iysCode}/brands/{brandCode}/consents', {
    params: { path },
    headers,
    body: {
      recipient: '+905321234567',
      type: 'MESAJ',
      source: 'HS_WEB',
      status: 'ONAY',
      consentDate: '2026-11-27 10:00:00',
      recipientType: 'BIREYSEL',
    },
  });
  if (added.error) throw new Error(added.error.errors.map((e) => e.code).join(', '));
  const transactionId: string = added.data.transactionId;

  const detail = await client.POST('/sps/{iysCode}/brands/{brandCode}/consents/status', {
    params: { path },
    headers,
    body: { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' },
  });
  const consent: Consent | undefined = detail.data;
  const status: 'ONAY' | 'RET' | undefined = consent?.status;

  const seen: string[] = [transactionId, status ?? 'none'];
  let after: string | undefined;
  for (let page = 0; page < 3; page++) {
    const feed = await client.GET('/sps/{iysCode}/brands/{brandCode}/consents/changes', {
      params: { path, query: { source: 'HS', limit: '100', ...(after ? { after } : {}) } },
      headers,
    });
    if (!feed.data) break;
    for (const c of feed.data.list) {
      const channel: 'ARAMA' | 'MESAJ' | 'EPOSTA' = c.type;
      seen.push(\`\${c.transactionId} \${channel} \${c.status}\`);
    }
    after = feed.data.after;
  }
  return seen;
}

export function mistakes() {
  // @ts-expect-error FAKS is not a channel
  client.POST('/sps/{iysCode}/brands/{brandCode}/consents', { params: { path }, body: { recipient: 'a', type: 'FAKS', status: 'ONAY' } });
  // @ts-expect-error the path's brandCode is missing
  client.POST('/sps/{iysCode}/brands/{brandCode}/consents/status', { params: { path: { iysCode: 1 } }, body: { recipient: 'a', recipientType: 'BIREYSEL', type: 'MESAJ' } });
  // @ts-expect-error the body's recipientType is missing
  client.POST('/sps/{iysCode}/brands/{brandCode}/consents/status', { params: { path }, body: { recipient: 'a', type: 'MESAJ' } });
  // @ts-expect-error the feed's source is HS or IYS
  client.GET('/sps/{iysCode}/brands/{brandCode}/consents/changes', { params: { path, query: { source: 'ALL' } } });
  // @ts-expect-error the receipt's old, ambiguous path is gone
  client.GET('/sps/{iysCode}/brands/{brandCode}/consents/{transactionId}/receipt', {});
}
`;

function check(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023', 'DOM'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
        // The temporary folder has no node_modules: the client library is the project's.
        paths: { 'openapi-fetch': [join(root, 'node_modules/openapi-fetch')] },
      },
      files: Object.keys(files),
    }),
  );
  return spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
    encoding: 'utf8',
  });
}

describe('a typed client generated from the served document', () => {
  it('type-checks a program calling addConsent, consentDetail and the change feed', async () => {
    const types = await typesOf(openApiDocument(specs()));
    expect(types).toContain('"/sps/{iysCode}/brands/{brandCode}/consents/changes"');
    const r = check({ 'schema.ts': types, 'program.ts': program });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('and the same check refuses a program that misuses it', async () => {
    const types = await typesOf(openApiDocument(specs()));
    const r = check({
      'schema.ts': types,
      'program.ts': program.replace("type: 'FAKS'", "type: 'EPOSTA'"),
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain("Unused '@ts-expect-error' directive");
  }, 60_000);
});

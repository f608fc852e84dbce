import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { docsScript, spec, swaggerUiFiles } from '../specs/api-docs-file.js';
import { docsHeaders } from './api-docs.js';

/**
 * GET /docs/{file}: Swagger UI's bundle and style sheet from the npm package swagger-ui-dist, read once per
 * container, and our start script. In Lambda the files lie beside the bundle (copied there at synth,
 * lib/constructs/iys-function.ts); locally they are read from node_modules.
 */
function packageDir(): string {
  if (existsSync(join(import.meta.dirname, 'swagger-ui-bundle.js'))) return import.meta.dirname;
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** The document's URL is this origin's; no validator badge (it would load an image from another origin). */
const start = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

const types = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;
const cache = new Map<string, string>();

function fileText(name: string): string | undefined {
  if (name === docsScript) return start;
  if (!Object.hasOwn(swaggerUiFiles, name)) return undefined;
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(packageDir(), swaggerUiFiles[name as keyof typeof swaggerUiFiles]), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export const operation = implement(spec, async (req) => {
  const name = req.path.file ?? '';
  const text = fileText(name);
  if (text === undefined) throw IysError.of('X002', { location: ['file'], value: name });
  return {
    status: 200,
    headers: { ...docsHeaders, 'cache-control': 'public, max-age=3600' },
    raw: { contentType: types[name.endsWith('.css') ? 'css' : 'js'], data: text },
  };
});

export const handler = apiHandler(operation);

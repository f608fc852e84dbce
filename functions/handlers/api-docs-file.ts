import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { docsScript, spec, swaggerUiFiles } from '../specs/api-docs-file.js';
import { docsHeaders } from './api-docs.js';

/**
 * GET /docs/{file}: Swagger UI's bundle and style sheet from the npm package swagger-ui-dist, read at cold
 * start, and our start script. In Lambda the files lie beside the bundle (copied there at synth,
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

/** Read at cold start: the files depend on the package alone, never on a system or a request. */
const files: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(swaggerUiFiles).map(([name, file]) => [
      name,
      readFileSync(join(packageDir(), file), 'utf8'),
    ]),
  ),
  [docsScript]: start,
};

function fileText(name: string): string | undefined {
  return Object.hasOwn(files, name) ? files[name] : undefined;
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

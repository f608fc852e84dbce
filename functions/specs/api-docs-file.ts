import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

/**
 * The reference page's files from the npm package swagger-ui-dist (served name → file in the package). The
 * handler reads them once per container; lib/constructs/iys-function.ts copies them into the function's
 * asset beside the bundle, since esbuild bundles code, not these files (docs/api-reference.md).
 */
export const swaggerUiFiles = {
  'swagger-ui-bundle.js': 'swagger-ui-bundle.js',
  'swagger-ui.css': 'swagger-ui.css',
} as const;

/** Our own start script (no inline script: the page's policy allows scripts from this origin only). */
export const docsScript = 'api-docs.js';

export const spec = defineSpec({
  operationId: 'apiDocsFile',
  method: 'GET',
  path: '/docs/{file}',
  summary: `API başvuru sayfasının dosyaları: ${[...Object.keys(swaggerUiFiles), docsScript].join(', ')}`,
  tag: 'EXTENSIONS',
  auth: 'none',
  responses: {
    200: { description: 'JavaScript or CSS' },
    404: { description: 'X002: no such file', schema: errorBody },
  },
});

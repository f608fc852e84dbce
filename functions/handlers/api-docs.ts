import { apiHandler } from '../http/api-handler.js';
import { docsCsp } from '../http/html.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/api-docs.js';

/** GET /docs/: the human API reference, Swagger UI over /openapi.json, every file from this origin. */
const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>İYS registry API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/api-docs.js"></script>
</body></html>
`;

export const docsHeaders: Record<string, string> = {
  'content-security-policy': docsCsp,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export const operation = implement(spec, async () => ({
  status: 200,
  headers: { ...docsHeaders, 'cache-control': 'no-cache' },
  raw: { contentType: 'text/html; charset=utf-8', data: page },
}));

export const handler = apiHandler(operation);

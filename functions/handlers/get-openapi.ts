import { openApiDocument } from '../api/openapi.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/get-openapi.js';
import { specs } from '../specs/index.js';

let document: Record<string, unknown> | undefined;

export const operation = implement(spec, async () => {
  document ??= openApiDocument(specs());
  return json(200, document);
});

export const handler = apiHandler(operation);

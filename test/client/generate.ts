import openapiTS, { astToString } from 'openapi-typescript';

/**
 * TypeScript types (`paths`, `components`, `operations`) for an OpenAPI document, by openapi-typescript. It
 * runs from this workspace, whose TypeScript 5 it needs (package.json here); the types it writes are checked
 * with the project's own TypeScript (test/unit/openapi/client.test.ts).
 */
export async function typesOf(document: Record<string, unknown>): Promise<string> {
  // openapi-typescript lints the document with Redocly's rules first and throws on an error there.
  const nodes = await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0]);
  return astToString(nodes);
}

import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { readWidgetFile, type WidgetFile } from '../http/frame.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/via-frame-asset.js';

/** GET /widget/assets/{file}: the frame's script and style sheet, read once per container. */
const served = ['frame.js', 'frame.css'] as const satisfies readonly WidgetFile[];
const files: Readonly<Record<string, string>> = Object.fromEntries(served.map((f) => [f, readWidgetFile(f)]));

export const operation = implement(spec, async (req) => {
  const name = req.path.file ?? '';
  if (!Object.hasOwn(files, name)) throw IysError.of('X002', { location: ['file'], value: name });
  return {
    status: 200,
    headers: { 'cache-control': 'public, max-age=300' },
    raw: {
      contentType: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      data: files[name]!,
    },
  };
});

export const handler = apiHandler(operation);

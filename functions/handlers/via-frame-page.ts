import { directory } from '../adapters/directory.js';
import { apiHandler } from '../http/api-handler.js';
import { frameCsp, framePage } from '../http/frame.js';
import { implement, type Response } from '../http/operation.js';
import { spec } from '../specs/via-frame-page.js';
import { awsFrameWidgets } from '../wiring/frame.js';

/** GET /widget/frame/{widgetUUID}: the widget's page, which the loader puts in an iframe. */

/** The composition root: the ViA Frame widget use cases and their AWS ports, built once per cold start. */
const frame = awsFrameWidgets();

export const operation = implement(spec, async (req): Promise<Response> => {
  const w = await frame.widget(req.path.widgetUUID ?? '');
  const brands = await Promise.all(w.brandCodes.map((b) => directory.brand(w.iysCode, b)));
  return {
    status: 200,
    headers: {
      'content-security-policy': frameCsp(w),
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    },
    raw: {
      contentType: 'text/html; charset=utf-8',
      data: framePage(
        w,
        brands.flatMap((b) => (b ? [b.name] : [])),
      ),
    },
  };
});

export const handler = apiHandler(operation);

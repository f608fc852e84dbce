import { apiHandler } from '../http/api-handler.js';
import { readWidgetFile } from '../http/frame.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/via-frame-loader.js';
import { awsFrameWidgets } from '../wiring/frame.js';

/**
 * GET /widget/load-widgetloader/{widgetUUID}: the loader a provider's page includes. One file for every
 * widget: it reads the API's base and the widget's UUID from its own URL (document.currentScript), so nothing
 * is templated into code. An unknown widget is X090, so a typo in the embed shows at once.
 */

/** The composition root: the ViA Frame widget use cases and their AWS ports, built once per cold start. */
const frame = awsFrameWidgets();
const loader = readWidgetFile('loader.js');

export const operation = implement(spec, async (req) => {
  await frame.widget(req.path.widgetUUID ?? '');
  return {
    status: 200,
    headers: { 'cache-control': 'public, max-age=300', 'cross-origin-resource-policy': 'cross-origin' },
    raw: { contentType: 'application/javascript; charset=utf-8', data: loader },
  };
});

export const handler = apiHandler(operation);

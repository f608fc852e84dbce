import { apiHandler } from '../http/api-handler.js';
import { selfOrigin, widgetAnswer } from '../http/frame.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-frame-widgets-list.js';
import { awsFrameAdmin } from '../wiring/frame-admin.js';

/** The composition root: the ViA Frame widget use cases and their AWS ports, built once per cold start. */
const frame = awsFrameAdmin();

export const operation = implement(spec, async (req) => {
  const base = selfOrigin(req.headers);
  const list = await frame.listWidgets(req.codes.iysCode!);
  return json(200, { list: list.map((w) => widgetAnswer(w, base)) });
});

export const handler = apiHandler(operation);

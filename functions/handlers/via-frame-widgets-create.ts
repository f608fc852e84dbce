import { apiHandler } from '../http/api-handler.js';
import { selfOrigin, widgetAnswer } from '../http/frame.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-frame-widgets-create.js';
import { awsFrameAdmin } from '../wiring/frame-admin.js';

/** The composition root: the ViA Frame widget use cases and their AWS ports, built once per cold start. */
const frame = awsFrameAdmin();

export const operation = implement(spec, async (req) => {
  const w = await frame.createWidget(req.codes.iysCode!, req.body, req.identity!.username);
  return json(201, widgetAnswer(w, selfOrigin(req.headers)));
});

export const handler = apiHandler(operation);

import { apiHandler, errorResponse } from '../http/api-handler.js';
import { corsHeaders } from '../http/frame.js';
import { implement, json, type Response } from '../http/operation.js';
import { spec } from '../specs/via-frame-public-key.js';
import { awsFrameWidgets } from '../wiring/frame.js';

/** The composition root: the ViA Frame widget use cases and their AWS ports, built once per cold start. */
const frame = awsFrameWidgets();

export const operation = implement(spec, async (req): Promise<Response> => {
  const uuid = req.path.widgetUUID ?? '';
  const origin = req.headers.origin;
  try {
    const k = await frame.publicKey(uuid, origin);
    return {
      ...json(200, { status: 'SUCCESS', message: [`${k.nonce}|${k.hostname}`] }),
      headers: corsHeaders(k.widget, origin),
    };
  } catch (e) {
    // Refusals carry CORS too, for the widget's own origins only (the loader can say what went wrong).
    const w = await frame.widget(uuid).catch(() => undefined);
    const res = errorResponse(e, spec.operationId, req.requestId, spec);
    return { ...res, headers: { ...(res.headers ?? {}), ...corsHeaders(w, origin) } };
  }
});

export const handler = apiHandler(operation);

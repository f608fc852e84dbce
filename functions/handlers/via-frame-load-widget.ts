import { apiHandler, errorResponse } from '../http/api-handler.js';
import { corsHeaders } from '../http/frame.js';
import { implement, json, type Response } from '../http/operation.js';
import { spec } from '../specs/via-frame-load-widget.js';
import { awsFrameWidgets } from '../wiring/frame.js';

/**
 * GET /widget/load-widget/{widgetUUID}?apinoncekey=…: İYS's document writes the query inside the path
 * (`…/{{widgetUUID}}?apinoncekey={{apiNonceKey}}`, and a `_copy` of it); it is served as the query parameter
 * its own loader example sends (docs/via-frame.md).
 */

/** The composition root: the ViA Frame widget use cases and their AWS ports, built once per cold start. */
const frame = awsFrameWidgets();

export const operation = implement(spec, async (req): Promise<Response> => {
  const uuid = req.path.widgetUUID ?? '';
  const origin = req.headers.origin;
  try {
    const s = await frame.loadWidget(uuid, req.query.apinoncekey, origin);
    return {
      ...json(200, {
        status: 'SUCCESS',
        message: {
          widgetUUID: s.widget.widgetUUID,
          title: s.widget.name,
          framePath: `/widget/frame/${s.widget.widgetUUID}`,
          nonceKey: s.nonceKey,
          cookieKey: s.cookieKey,
          csrfToken: s.csrfToken,
          expiresAt: s.expiresAt,
        },
      }),
      headers: corsHeaders(s.widget, origin),
    };
  } catch (e) {
    const w = await frame.widget(uuid).catch(() => undefined);
    const res = errorResponse(e, spec.operationId, req.requestId, spec);
    return { ...res, headers: { ...(res.headers ?? {}), ...corsHeaders(w, origin) } };
  }
});

export const handler = apiHandler(operation);

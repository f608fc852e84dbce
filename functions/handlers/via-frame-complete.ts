import { apiHandler } from '../http/api-handler.js';
import { processAnswer, selfOrigin } from '../http/frame.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/via-frame-complete.js';
import { awsFrameProcess } from '../wiring/frame-process.js';

/** The composition root: the ViA Frame process use cases and their AWS ports, built once per cold start. */
const frame = awsFrameProcess();

export const operation = implement(spec, async (req) =>
  processAnswer(
    await frame.complete(req.path.widgetUUID ?? '', req.body, {
      origin: req.headers.origin,
      selfOrigin: selfOrigin(req.headers),
      sourceIp: req.sourceIp,
    }),
    spec,
    req.requestId,
  ),
);

export const handler = apiHandler(operation);

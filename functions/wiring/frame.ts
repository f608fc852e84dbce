import { randomBytes, randomUUID } from 'node:crypto';
import { clock } from '../adapters/clock.js';
import * as frames from '../adapters/frame-store.js';
import { type FrameWidgetUseCases, frameWidgetUseCases } from '../app/frame.js';

/**
 * ViA Frame's widgets and their loading over AWS: the widgets and nonces in the Registry table, digests under
 * the registry's ViA Frame secret (wrapped by the registry key). The provider's management (which creates ViA
 * forms) is in wiring/frame-admin.ts and the process requests (the ViA core) in wiring/frame-process.ts, so
 * the public loader and page reach neither.
 */
export function awsFrameWidgets(): FrameWidgetUseCases {
  return frameWidgetUseCases({
    getWidget: frames.getWidget,
    putNonce: frames.putNonce,
    getNonce: frames.getNonce,
    loadWithNonce: frames.loadWithNonce,
    digest: frames.frameDigest,
    randomBytes: (n) => randomBytes(n),
    randomUuid: () => randomUUID(),
    now: () => clock.now(),
  });
}

import { randomBytes, randomUUID } from 'node:crypto';
import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import * as frames from '../adapters/frame-store.js';
import { type FrameWidgetUseCases, frameWidgetUseCases } from '../app/frame.js';

/**
 * ViA Frame's widgets and their loading over AWS: the widgets and nonces in the Registry table, digests under
 * the registry's ViA Frame secret (wrapped by the registry key), brands from the directory. The process
 * requests (which reach the ViA core) are wired apart, in wiring/frame-process.ts.
 */
export function awsFrameWidgets(): FrameWidgetUseCases {
  return frameWidgetUseCases({
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    putWidget: frames.putWidget,
    getWidget: frames.getWidget,
    listWidgets: frames.listWidgets,
    putNonce: frames.putNonce,
    getNonce: frames.getNonce,
    loadWithNonce: frames.loadWithNonce,
    digest: frames.frameDigest,
    randomBytes: (n) => randomBytes(n),
    randomUuid: () => randomUUID(),
    now: () => clock.now(),
  });
}

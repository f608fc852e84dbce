import { randomBytes, randomUUID } from 'node:crypto';
import { clock } from '../adapters/clock.js';
import * as frames from '../adapters/frame-store.js';
import { countRequest } from '../adapters/registry-store.js';
import { type FrameProcessUseCases, frameProcessUseCases } from '../app/frame.js';
import { awsVia } from './via.js';

/**
 * ViA Frame's process requests over AWS: the widget sessions in the Registry table, the start counter, and
 * the ViA core (awsVia: its requests, the outbox, the consent write path, the evidence file).
 */
export function awsFrameProcess(): FrameProcessUseCases {
  return frameProcessUseCases({
    getWidget: frames.getWidget,
    getSession: frames.getSession,
    advanceSession: frames.advanceSession,
    addSessionRequest: frames.addSessionRequest,
    countStart: countRequest,
    digest: frames.frameDigest,
    randomBytes: (n) => randomBytes(n),
    randomUint32: () => randomBytes(4).readUInt32BE(0),
    randomUuid: () => randomUUID(),
    via: awsVia(),
    now: () => clock.now(),
  });
}

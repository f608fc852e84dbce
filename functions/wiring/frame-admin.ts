import { randomUUID } from 'node:crypto';
import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import * as frames from '../adapters/frame-store.js';
import { type FrameAdminUseCases, frameAdminUseCases } from '../app/frame.js';
import type { ViaUseCases } from '../app/via.js';
import { awsVia } from './via.js';

/** A provider's ViA Frame widgets over AWS: the Registry table, its brands, and the ViA core's forms. */
export function awsFrameAdmin(
  via: Pick<ViaUseCases, 'createForm' | 'listForms'> = awsVia(),
): FrameAdminUseCases {
  return frameAdminUseCases({
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    putWidget: frames.putWidget,
    listWidgets: frames.listWidgets,
    forms: via,
    randomUuid: () => randomUUID(),
    now: () => clock.now(),
  });
}

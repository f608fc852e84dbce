import { clock } from '../adapters/clock.js';
import { getMovements } from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { config, env } from '../adapters/env.js';
import { open, seal } from '../adapters/envelope.js';
import { logger } from '../adapters/logger.js';
import { metric } from '../adapters/observability.js';
import * as push from '../adapters/push-delivery.js';
import { type PushUseCases, pushUseCases } from '../app/push.js';
import { pushRules } from '../domain/push.js';
import { awsConsents } from './consents.js';

/**
 * The push use cases over AWS: connections, slots and the delivery log in the Registry table, the Push queue,
 * KMS data keys for the connections' passwords, the consent use cases to open the movements delivered.
 */
export function awsPush(): PushUseCases {
  const { readMovement } = awsConsents();
  return pushUseCases({
    provider: (iysCode) => directory.provider(iysCode),
    layout: push,
    listConnections: push.listConnections,
    getConnection: push.getConnection,
    putConnection: push.putConnection,
    deleteConnection: push.deleteConnection,
    acquireSlot: push.acquireSlot,
    releaseSlot: push.releaseSlot,
    logDelivery: push.logDelivery,
    deliveryLog: push.deliveryLog,
    enqueueDeliveries: push.enqueueDeliveries,
    deferDelivery: push.deferMessage,
    post: push.post,
    seal,
    open,
    movements: getMovements,
    readMovement,
    now: () => clock.now(),
    wallNow: () => Date.now(),
    settings: () => ({
      allowHttpLoopback: config().IYS_PUSH_ALLOW_HTTP_LOOPBACK === 'true' || env.stage() === 'local',
      backoffBaseSeconds: config().IYS_PUSH_BACKOFF_BASE_SECONDS ?? pushRules.backoffBaseSeconds,
    }),
    metrics: metric,
    log: logger,
  });
}

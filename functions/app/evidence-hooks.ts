/**
 * Consumers of new movements beyond history and the feed register here (evidence log, push deliveries),
 * so the stream handler stays the one place movements flow from.
 */
import { appendMovements } from './evidence-log.js';
import { onMovements } from './movements.js';
import { enqueueMovements } from './push.js';

// Every movement becomes a leaf of its provider's Merkle log (docs/evidence.md).
onMovements(async (movements) => {
  await appendMovements(movements);
});

// IYS_* movements of brands with a push connection become deliveries on the Push queue (issue 6).
onMovements(enqueueMovements);

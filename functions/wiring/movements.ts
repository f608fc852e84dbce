import * as store from '../adapters/consent-store.js';
import { addBrandStatsOnce } from '../adapters/registry-store.js';
import { countAddressesOnce } from '../adapters/subscription-store.js';
import type { MovementPorts, MovementSink } from '../app/movements.js';

/** The movement recorder's AWS ports: movement pages and markers, address and brand counters. */
export const awsMovementPorts = (sinks: MovementSink[]): MovementPorts => ({
  putMovements: (m) => store.putMovements(m),
  putMarkers: (m) => store.putItems(m),
  countAddresses: countAddressesOnce,
  addBrandStats: addBrandStatsOnce,
  sinks,
  layout: store,
});

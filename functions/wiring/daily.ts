import { clock } from '../adapters/clock.js';
import * as store from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import * as ev from '../adapters/evidence-store.js';
import { logger } from '../adapters/logger.js';
import { getObject, ObjectWriter, presignedGetUrl, putObject } from '../adapters/objects-evidence.js';
import {
  type DailyObjects,
  type DailyPorts,
  type DayBuilder,
  dayBuilder,
  type Reconciliation,
  reconciliation,
} from '../app/daily.js';
import { awsConsents } from './consents.js';
import { awsPki } from './pki.js';

/**
 * The daily files' AWS ports: the change feed of the Consents table, the day manifests and markers, the
 * Reports bucket and the clock; the builder adds the consent use cases (to decrypt movements), the
 * directory and the PKI. Each builder names only what its part uses, so the reconciliation Lambdas bundle
 * no PKI.
 */
const feed = (): Pick<DailyPorts, 'activeHours' | 'feedPartition' | 'layout'> => ({
  activeHours: store.activeHours,
  feedPartition: store.feedPartition,
  layout: { feedPartitionKey: store.feedPartitionKey, feedShards: store.feedShards },
});

const manifests = (): DailyPorts['manifests'] => ({
  getDaily: ev.getDaily,
  putDaily: ev.putDaily,
  setAgreement: ev.setAgreement,
  dayBrands: ev.dayBrands,
});

const objects = (): DailyObjects => ({
  writer: (key, contentType) => {
    const w = new ObjectWriter(key, contentType);
    return { write: (c) => w.write(c), close: () => w.close(), abort: () => w.abort() };
  },
  put: putObject,
  get: getObject,
  presignedUrl: (key) => presignedGetUrl(key),
});

const now = () => clock.now();

/** The daily job (and bin/rebuild-day.ts). */
export function awsDayBuilder(): DayBuilder {
  const consents = awsConsents();
  return dayBuilder({
    ...feed(),
    readMovement: (item) => consents.readMovement(item),
    manifests: manifests(),
    objects: objects(),
    provider: (iysCode) => directory.provider(iysCode),
    pki: awsPki(),
    now,
    dayBuilt: (r) =>
      logger.info('daily files', {
        iysCode: r.iysCode,
        brandCode: r.brandCode,
        date: r.date,
        rows: r.rows,
        signed: r.signed,
      }),
  });
}

/** The reconciliation operations. */
export const awsReconciliation = (): Reconciliation =>
  reconciliation({ ...feed(), manifests: manifests(), objects: objects(), now });

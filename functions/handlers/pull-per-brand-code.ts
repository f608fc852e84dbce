import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import { env } from '../adapters/env.js';
import { readWatermark } from '../adapters/watermark-store.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/pull-per-brand-code.js';
import { awsConsents } from '../wiring/consents.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const consents = awsConsents();

export const operation = implement(spec, async (req) => {
  const identity = req.identity!;
  let channels: Set<string> | undefined;
  if (identity.kind === 'INTEGRATOR') {
    // An integrator sees the channels it may read, as İYS answers.
    const grant = (await directory.grants(identity.integratorCode!)).find(
      (g) => g.iysCode === req.codes.iysCode && g.brandCode === req.codes.brandCode,
    );
    channels = new Set(
      Object.entries(grant?.channels ?? {})
        .filter(([, m]) => m)
        .map(([c]) => c),
    );
  }
  const page = await consents.changes(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    {
      group: req.query.source ?? 'IYS',
      limit: req.query.limit ?? 1000,
      ...(req.query.after ? { after: req.query.after } : {}),
      now: clock.now(),
      lagSeconds: env.pullLagSeconds(),
      watermark: await readWatermark(),
      ...(channels ? { channels } : {}),
    },
  );
  return page ? json(200, page) : { status: 204 };
});

export const handler = apiHandler(operation);

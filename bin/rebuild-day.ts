/**
 * Rebuilds the daily files of any day against the configured AWS (or the local emulator):
 *
 *   npx tsx bin/rebuild-day.ts 2026-11-25 [--force]
 *
 * Environment: the resource variables of functions/specs/resources.ts (IYS_TABLE_*, IYS_BUCKET_REPORTS, IYS_KEY_*) and
 * the usual AWS ones; against a running `npm start`, AWS_ENDPOINT_URL and IYS_STAGE=local (the variables
 * are then derived from the stage). The CSVs come out byte-identical; `--force` also re-signs and re-stamps
 * files whose bytes did not change.
 */

import { parseReportDate } from '../functions/domain/evidence/daily.js';
import { resourceEnvironment } from '../functions/specs/resources.js';
import { awsDayBuilder } from '../functions/wiring/daily.js';

const [date, ...flags] = process.argv.slice(2);
if (!date || !parseReportDate(date)) {
  process.stderr.write('usage: rebuild-day.ts YYYY-MM-DD [--force]\n');
  process.exit(2);
}
for (const [k, v] of Object.entries(resourceEnvironment(process.env.IYS_STAGE ?? 'local')))
  process.env[k] ??= v;
process.env.AWS_REGION ??= 'eu-central-1';
/** The composition root: the daily use cases over the configured AWS, built once the environment is set. */
const daily = awsDayBuilder();
daily.buildDay(date, { force: flags.includes('--force') }).then(
  (brands) => {
    for (const b of brands)
      process.stdout.write(
        `${b.iysCode}/${b.brandCode} ${b.date}: ${b.rows} rows, sha384 ${b.sha384}${b.signed ? ', signed' : ', unchanged'}\n`,
      );
    if (!brands.length) process.stdout.write(`${date}: no movements\n`);
  },
  (e) => {
    process.stderr.write(`rebuild-day: ${(e as Error).message}\n`);
    process.exit(1);
  },
);

import { defineConfig } from 'vitest/config';

/**
 * The coverage gate (issue 12): `npm test` runs everything with ≥ 90 % of the lines of functions/ covered,
 * then the unit tests alone (IYS_COVERAGE=unit) with ≥ 80 % of the use cases' lines (functions/app/) covered,
 * so the use cases stay tested over in-memory fakes of their ports, not only through the emulators.
 */
const unitGate = process.env.IYS_COVERAGE === 'unit';

// One command runs everything (npm test). Integration tests share one moto server started by
// test/integration/global-setup.ts on a free 127.0.0.1 port (or use AWS_ENDPOINT_URL when set).
export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: unitGate ? ['functions/app/**'] : ['functions/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: unitGate ? '.local/coverage-unit' : '.local/coverage',
      thresholds: unitGate ? { lines: 80 } : { lines: 90 },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Property tests (Merkle proofs, envelopes) take seconds under coverage on a busy 2-core machine.
          testTimeout: 30_000,
          env: {
            IYS_LOG_LEVEL: 'SILENT',
            IYS_SCRYPT_N: '1024',
            POWERTOOLS_METRICS_DISABLED: 'true',
            AWS_XRAY_MANUAL_MODE: 'true',
          },
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          // A 1 s watermark margin: the tests move the clock by seconds (the default is 5: docs/data-model.md).
          env: {
            IYS_LOG_LEVEL: 'SILENT',
            IYS_SCRYPT_N: '1024',
            IYS_WATERMARK_MARGIN_SECONDS: '1',
            // The suite calls faster than İYS's 10 per second per IP: off here; test/integration/limits.test.ts
            // turns it on (docs/limits.md).
            IYS_RATE_IP_PER_SECOND: '0',
            POWERTOOLS_METRICS_DISABLED: 'true',
            AWS_XRAY_MANUAL_MODE: 'true',
          },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
        },
      },
    ],
  },
});

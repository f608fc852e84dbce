import { type StartupStep, startSystem, startupSteps } from './local/system.js';

/** `npm start`: the whole İYS on this machine, one line per startup step with its duration (docs/local.md). */
const stepLabels: Record<StartupStep, string> = {
  aws: process.env.AWS_ENDPOINT_URL
    ? `connecting to AWS at ${process.env.AWS_ENDPOINT_URL}`
    : 'starting local AWS (moto, DynamoDB Local)',
  resources: 'creating resources (tables, buckets, queues, keys)',
  seed: 'seeding the demo data',
  api: 'starting the API and its workers',
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const started = performance.now();
const port = Number(process.env.PORT ?? 3000);
// Each step's label as it starts, its duration as it ends: `label… 1.2 s`.
process.stdout.write(`${stepLabels[startupSteps[0]]}… `);
const system = await startSystem({
  port,
  ...(process.env.IYS_SEED ? { seedPath: process.env.IYS_SEED } : {}),
  ...(process.env.IYS_NOW ? { now: process.env.IYS_NOW } : {}),
  onStep: (step, ms) => {
    const next = startupSteps[startupSteps.indexOf(step) + 1];
    process.stdout.write(`${seconds(ms)}\n${next ? `${stepLabels[next]}… ` : ''}`);
  },
});

process.stdout.write(
  [
    `İYS local runtime ready on ${system.url} (started in ${seconds(performance.now() - started)})`,
    `  local AWS: ${system.endpoint}${system.dynamoEndpoint !== system.endpoint ? ` (DynamoDB Local: ${system.dynamoEndpoint})` : ''}`,
    ...system.seedLines.map((l) => `  seeded ${l}`),
    `  demo provider site (ViA Frame, another origin): ${system.demoUrl}`,
    `  try: curl -s ${system.url}/health`,
    `       curl -s -X POST ${system.url}/oauth2/token -H 'content-type: application/json' -d '{"grant_type":"password","username":"ornek-api","password":"change-me-1"}'`,
    '',
  ].join('\n'),
);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    await system.stop();
    process.exit(0);
  });
}

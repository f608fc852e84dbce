import { startSystem } from './local/system.js';

/** `npm start`: the whole İYS on this machine. */
const port = Number(process.env.PORT ?? 3000);
const system = await startSystem({
  port,
  ...(process.env.IYS_SEED ? { seedPath: process.env.IYS_SEED } : {}),
  ...(process.env.IYS_NOW ? { now: process.env.IYS_NOW } : {}),
});

process.stdout.write(
  [
    `İYS local runtime ready on ${system.url}`,
    `  local AWS: ${system.endpoint}${system.dynamoEndpoint !== system.endpoint ? ` (DynamoDB Local: ${system.dynamoEndpoint})` : ''}`,
    ...system.seedLines.map((l) => `  seeded ${l}`),
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

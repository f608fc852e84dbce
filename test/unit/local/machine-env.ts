import { delimiter } from 'node:path';

/**
 * The environment of a developer's shell: no node_modules/.bin on PATH (so `npm` and `node` are the
 * machine's, as when one types `npm start`) and none of the variables an outer npm run sets.
 */
export function machineEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'NODE_OPTIONS' || k === 'INIT_CWD' || k.startsWith('VITEST')) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes(`${root}/node_modules`) && !/[/\\]node_modules[/\\]/.test(p))
    .join(delimiter);
  return env;
}

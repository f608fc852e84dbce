import type { TestProject } from 'vitest/node';
import { startMoto } from '../../bin/local/moto.js';

/** One moto server for the integration run (or the emulator named by AWS_ENDPOINT_URL). */
export default async function setup(project: TestProject) {
  if (process.env.AWS_ENDPOINT_URL) {
    project.provide('awsEndpoint', process.env.AWS_ENDPOINT_URL);
    return;
  }
  const moto = await startMoto();
  project.provide('awsEndpoint', moto.endpoint);
  return async () => moto.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    awsEndpoint: string;
  }
}

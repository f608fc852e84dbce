import { afterEach, describe, expect, it } from 'vitest';
import { dynamo, endpointOf, kms, streams } from '../../../functions/adapters/aws.js';
import { newContainer } from '../../../functions/adapters/container.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  newContainer();
});

async function endpointOfClient(c: {
  config: { endpoint?: () => Promise<{ hostname: string; port?: number }> };
}) {
  const e = await c.config.endpoint?.();
  return e ? `${e.hostname}:${e.port}` : undefined;
}

describe('AWS endpoints from the standard variables', () => {
  it('a service-specific variable wins over AWS_ENDPOINT_URL, which serves the rest', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:8000';
    process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = 'http://127.0.0.1:8001';
    expect(endpointOf('DYNAMODB')).toBe('http://127.0.0.1:8000');
    expect(endpointOf('KMS')).toBe('http://127.0.0.1:4566');
    expect(await endpointOfClient(dynamo() as never)).toBe('127.0.0.1:8000');
    expect(await endpointOfClient(streams() as never)).toBe('127.0.0.1:8001');
    expect(await endpointOfClient(kms() as never)).toBe('127.0.0.1:4566');
  });

  it('no variable: no endpoint is set, so the SDK resolves AWS itself', () => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    expect(endpointOf('DYNAMODB')).toBeUndefined();
    expect(endpointOf('S3')).toBeUndefined();
  });
});

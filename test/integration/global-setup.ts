import type { TestProject } from 'vitest/node';
import { javaAvailable, noJavaLine, startDynamoLocal } from '../../bin/local/dynamodb-local.js';
import { startMoto } from '../../bin/local/moto.js';

/**
 * The local AWS for the integration run, as `npm start` has it: one moto server (KMS, S3, SQS, SNS, SES)
 * and one DynamoDB Local (DynamoDB and its streams; moto's when Java is missing), or the emulators named by
 * AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_DYNAMODB).
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  let endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) {
    const moto = await startMoto();
    stops.push(moto.stop);
    endpoint = moto.endpoint;
  }
  let dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!dynamoEndpoint && !process.env.AWS_ENDPOINT_URL) {
    if (javaAvailable()) {
      const local = await startDynamoLocal();
      stops.push(local.stop);
      dynamoEndpoint = local.endpoint;
    } else process.stderr.write(`${noJavaLine}\n`);
  }
  project.provide('awsEndpoint', endpoint);
  project.provide('dynamoEndpoint', dynamoEndpoint ?? endpoint);
  return async () => {
    await Promise.all(stops.map((s) => s()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    awsEndpoint: string;
    dynamoEndpoint: string;
  }
}

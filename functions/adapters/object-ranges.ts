import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from './aws.js';

/**
 * A byte range of an object (end exclusive), streamed: the .xlsx reader opens a workbook's ZIP parts by
 * range instead of reading the whole object (functions/domain/bulk/xlsx.ts).
 */
export async function readRange(bucket: string, key: string, start: number, end: number): Promise<Readable> {
  const r = await s3().send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` }),
  );
  return r.Body as Readable;
}

import { DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { s3 } from './aws.js';
import { env } from './env.js';

/**
 * Application documents in the uploads bucket under `applications/{applicationId}/{kind}`: the applicant
 * uploads straight to S3 with a presigned POST whose policy fixes the key, the content type and the size
 * range, so S3 itself refuses another type or a bigger file; the review checks the stored object again
 * (HeadObject) before approval.
 */
export interface DocumentTarget {
  url: string;
  method: 'POST';
  fields: Record<string, string>;
  expiresAt: string;
}

export async function presignDocument(
  key: string,
  contentType: string,
  maxBytes: number,
  expiresInSeconds: number,
  now: Date,
): Promise<DocumentTarget> {
  const r = await createPresignedPost(s3(), {
    Bucket: env.uploadsBucket(),
    Key: key,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', contentType],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: expiresInSeconds,
  });
  return {
    url: r.url,
    method: 'POST',
    fields: r.fields,
    expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
  };
}

export async function describeDocument(
  key: string,
): Promise<{ size: number; contentType: string | undefined } | undefined> {
  try {
    const r = await s3().send(new HeadObjectCommand({ Bucket: env.uploadsBucket(), Key: key }));
    return { size: r.ContentLength ?? 0, contentType: r.ContentType };
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw e;
  }
}

/** Removes every document of an application (rejected applications keep none). */
export async function deleteDocuments(prefix: string): Promise<number> {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: env.uploadsBucket(), Prefix: prefix }));
  const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
  if (!keys.length) return 0;
  await s3().send(new DeleteObjectsCommand({ Bucket: env.uploadsBucket(), Delete: { Objects: keys } }));
  return keys.length;
}

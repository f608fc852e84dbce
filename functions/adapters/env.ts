/** Reads a resource name from the environment the stack (or the local runtime) sets. */
export function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
}

export const env = {
  consentsTable: () => required('IYS_TABLE_CONSENTS'),
  registryTable: () => required('IYS_TABLE_REGISTRY'),
  evidenceTable: () => required('IYS_TABLE_EVIDENCE'),
  uploadsBucket: () => required('IYS_BUCKET_UPLOADS'),
  reportsBucket: () => required('IYS_BUCKET_REPORTS'),
  batchQueue: () => required('IYS_QUEUE_BATCH'),
  uploadsQueue: () => required('IYS_QUEUE_UPLOADS'),
  chunksQueue: () => required('IYS_QUEUE_CHUNKS'),
  pushQueue: () => required('IYS_QUEUE_PUSH'),
  registryKey: () => required('IYS_KEY_REGISTRY'),
  tokenSigningKey: () => required('IYS_KEY_TOKEN_SIGNING'),
  rootCaKey: () => required('IYS_KEY_ROOT_CA'),
  tsaKey: () => required('IYS_KEY_TSA'),
  consentsStream: () => required('IYS_STREAM_CONSENTS'),
  /** The sealer's cadence (the Seal schedule's rate in AWS; the local scheduler's interval). */
  sealIntervalSeconds: () => Number(process.env.IYS_SEAL_INTERVAL_SECONDS || 60) || 60,
  /**
   * Seconds between a movement's creation second and the moment its stream record is visible, at most: the
   * write commits right after the second is stamped, and stream records show within a second or two.
   */
  watermarkMarginSeconds: () => Number(process.env.IYS_WATERMARK_MARGIN_SECONDS ?? 5),
  stage: () => process.env.IYS_STAGE ?? 'dev',
  tokenLimitPerHour: () => Number(process.env.IYS_TOKEN_LIMIT_PER_HOUR ?? 100),
  pullLagSeconds: () => Number(process.env.IYS_PULL_LAG_SECONDS ?? 3600),
  maxBodyBytes: () => Number(process.env.IYS_MAX_BODY_BYTES ?? 1_048_576),
};

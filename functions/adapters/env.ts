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
  stage: () => process.env.IYS_STAGE ?? 'dev',
  tokenLimitPerHour: () => Number(process.env.IYS_TOKEN_LIMIT_PER_HOUR ?? 100),
  pullLagSeconds: () => Number(process.env.IYS_PULL_LAG_SECONDS ?? 3600),
  maxBodyBytes: () => Number(process.env.IYS_MAX_BODY_BYTES ?? 1_048_576),
};

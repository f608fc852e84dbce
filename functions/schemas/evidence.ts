import { z } from 'zod';

/** Evidence extensions (api.md "Evidence"): receipts, checkpoints, consistency proofs. */
const b64 = z.string().meta({ description: 'base64' });

export const receiptResponse = z.object({
  transactionId: z.string(),
  record: b64.meta({
    description: 'canonical bytes of the movement (base64); leaf = SHA-256(0x00 ‖ record)',
  }),
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  inclusionProof: z.array(b64),
  checkpoint: z.string().meta({ description: 'C2SP tlog-checkpoint text' }),
  checkpointSignature: b64.meta({ description: 'detached CMS SignedData (DER) over the checkpoint text' }),
  checkpointTimestamp: b64.meta({
    description: 'RFC 3161 TimeStampResp (DER, .tsr) over SHA-256 of the checkpoint text',
  }),
  certificates: z.array(z.string()).meta({ description: 'PEM: provider, TSA, root' }),
});

/**
 * A receipt that is not there yet, and when it will be: `NOT_LOGGED` (recorded seconds ago, the stream has
 * not logged it: retry after a few seconds) or `NOT_SEALED` (logged at `leafIndex`, in the next checkpoint:
 * the sealer runs every minute). `Retry-After` carries `retryAfterSeconds` too.
 */
export const receiptPending = z.object({
  status: z.literal('PENDING'),
  stage: z.enum(['NOT_LOGGED', 'NOT_SEALED']),
  leafIndex: z.number().int().optional(),
  recordedAt: z.string().optional(),
  expectedBy: z.string(),
  retryAfterSeconds: z.number().int(),
});

export const checkpointResponse = z.object({
  checkpoint: z.string(),
  treeSize: z.number().int(),
  rootHash: b64,
  signature: b64,
  timestamp: b64,
  sealedAt: z.string(),
  certificates: z.array(z.string()),
});

export const consistencyQuery = z.object({
  from: z.coerce.number({ error: 'X008' }).int('X008').min(1, 'X008'),
  to: z.coerce.number({ error: 'X008' }).int('X008').min(1, 'X008'),
});

export const consistencyResponse = z.object({
  from: z.number().int(),
  to: z.number().int(),
  fromRoot: b64,
  toRoot: b64,
  proof: z.array(b64),
});

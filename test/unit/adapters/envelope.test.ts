import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { newContainer } from '../../../functions/adapters/container.js';
import { open, sealMany } from '../../../functions/adapters/envelope.js';

const kms = mockClient(KMSClient);
const dataKey = randomBytes(32);
const wrapped = randomBytes(184);

beforeEach(() => {
  kms.reset();
  newContainer();
  kms.on(GenerateDataKeyCommand).resolves({ Plaintext: dataKey, CiphertextBlob: wrapped });
  kms.on(DecryptCommand).resolves({ Plaintext: dataKey });
});
afterAll(() => kms.restore());

describe('sealMany: one data key per batch, one IV per record', () => {
  it('asks KMS once for a batch, binds each record to its associated data, and opens each', async () => {
    const records = ['+905321234567', 'ali@example.com', '+905559876543'].map((r, i) => ({
      aad: `txn-${i}`,
      plain: Buffer.from(JSON.stringify({ r })),
    }));
    const sealed = await sealMany('alias/iys/sp/700001', 700001, 700001, records);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]!.args[0].input.EncryptionContext).toEqual({
      iysCode: '700001',
      brandCode: '700001',
    });
    expect(new Set(sealed.map((s) => Buffer.from(s.ct).subarray(0, 12).toString('hex'))).size).toBe(3);
    for (const [i, s] of sealed.entries()) {
      expect(Buffer.from(s.dk)).toEqual(wrapped);
      expect(s.ct.length).toBe(12 + records[i]!.plain.length + 16);
      expect((await open(s, 700001, 700001, `txn-${i}`)).toString()).toBe(records[i]!.plain.toString());
    }
    // Bound to its transactionId: another one does not open it.
    await expect(open(sealed[0]!, 700001, 700001, 'txn-1')).rejects.toThrow();
    // A second batch reuses the key (no KMS call) while its record budget lasts.
    await sealMany('alias/iys/sp/700001', 700001, 700001, records);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
  });

  it('takes a new key when a batch would pass the current key’s record budget', async () => {
    const many = Array.from({ length: 100_001 }, (_, i) => ({ aad: `t${i}`, plain: Buffer.from('{}') }));
    const sealed = await sealMany('alias/iys/sp/700001', 700001, 700001, many);
    expect(sealed).toHaveLength(100_001);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
  });
});

import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  GenerateDataKeyCommand,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { providerKeyAliases } from '../specs/resources.js';
import { kms } from './aws.js';
import { config } from './env.js';

/**
 * Each provider's own KMS keys: a symmetric data key (envelope encryption of its consents; in a CloudHSM
 * custom key store when IYS_CUSTOM_KEY_STORE_ID is set) and an ECC_NIST_P256 signing key (standard KMS:
 * custom key stores hold symmetric keys only). KeyUsage is always explicit (moto leaves it null otherwise).
 * Creation is idempotent through the aliases.
 */
async function existing(alias: string): Promise<string | undefined> {
  try {
    const r = await kms().send(new DescribeKeyCommand({ KeyId: alias }));
    return r.KeyMetadata?.Arn;
  } catch (e) {
    if (e instanceof NotFoundException || (e as Error).name === 'NotFoundException') return undefined;
    throw e;
  }
}

async function ensureKey(
  alias: string,
  spec: { KeySpec: 'SYMMETRIC_DEFAULT' | 'ECC_NIST_P256'; KeyUsage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' },
  description: string,
  tags: Record<string, string>,
  customKeyStoreId?: string,
): Promise<string> {
  const found = await existing(alias);
  if (found) return found;
  const policy = config().IYS_PROVIDER_KEY_POLICY; // set by the stack: limits use to the service roles
  const created = await kms().send(
    new CreateKeyCommand({
      ...spec,
      Description: description,
      ...(customKeyStoreId ? { CustomKeyStoreId: customKeyStoreId, Origin: 'AWS_CLOUDHSM' } : {}),
      ...(policy ? { Policy: policy } : {}),
      Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
    }),
  );
  const keyId = created.KeyMetadata!.KeyId!;
  try {
    await kms().send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  } catch (e) {
    // A concurrent creator won the alias: use its key (ours stays unused and unaliased).
    if ((e as Error).name !== 'AlreadyExistsException') throw e;
    return (await existing(alias))!;
  }
  return created.KeyMetadata!.Arn!;
}

export interface ProviderKeys {
  dataKeyId: string;
  signingKeyId: string;
}

export async function ensureProviderKeys(iysCode: number): Promise<ProviderKeys> {
  const tags = { 'iys:iysCode': String(iysCode) };
  const dataKeyId = await ensureKey(
    providerKeyAliases.data(iysCode),
    { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' },
    `İYS provider ${iysCode}: consent data`,
    tags,
    config().IYS_CUSTOM_KEY_STORE_ID,
  );
  const signingKeyId = await ensureKey(
    providerKeyAliases.signing(iysCode),
    { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    `İYS provider ${iysCode}: evidence signing`,
    tags,
  );
  return { dataKeyId, signingKeyId };
}

/** A fresh 32-byte secret wrapped by a KMS key; only the wrapped form is stored. */
export async function newWrappedSecret(keyId: string, context: Record<string, string>): Promise<Uint8Array> {
  const r = await kms().send(
    new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 32, EncryptionContext: context }),
  );
  return r.CiphertextBlob!;
}

export async function unwrapSecret(
  wrapped: Uint8Array,
  context: Record<string, string>,
): Promise<Uint8Array> {
  const r = await kms().send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: context }));
  return r.Plaintext!;
}

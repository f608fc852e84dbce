import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type {
  BucketId,
  FunctionGrants,
  KeyUse,
  QueueId,
  RegistryKeyId,
  TableId,
} from '../../functions/specs/grants.js';
import {
  buckets,
  providerKeyAliases,
  queues,
  registryKeys,
  tables,
} from '../../functions/specs/resources.js';
import { bucketName, type StatefulStack } from '../stateful-stack.js';
import type { IysFunction } from './iys-function.js';

export interface Acknowledgement {
  id: string;
  reason: string;
}

export interface GrantTargets {
  stateful: StatefulStack;
  stage: string;
  /** With a CloudHSM key store, provider keys may also be created with origin AWS_CLOUDHSM. */
  customKeyStoreId?: string;
}

const readItems = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const writeItems = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const readObjects = ['s3:GetObject'];
const writeObjects = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
const keyActions: Record<KeyUse, string[]> = {
  encryptDecrypt: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
  verify: ['kms:GetPublicKey'],
  sign: ['kms:Sign', 'kms:GetPublicKey'],
};
/** How cdk-nag prints the pseudo parameters in a finding id. */
const nagPseudo = { account: '<AWS::AccountId>', region: '<AWS::Region>' };

/**
 * Grants `fn` what its declaration (functions/specs/grants.ts) lists, nothing else, in the manner of
 * Powertools' `bindTable`: the declaration names the resource and the access, this turns them into
 * statements on that resource. Returns the cdk-nag acknowledgements the wildcards it adds call for.
 *
 * Tables get explicit statements rather than `grantReadData`/`grantReadWriteData`, which add `index/*` on a
 * table with indexes: here each named index is listed.
 */
export function bindGrants(
  fn: IysFunction,
  declared: FunctionGrants,
  targets: GrantTargets,
): Acknowledgement[] {
  const { stateful, stage } = targets;
  const role = fn.role!;
  const acks: Acknowledgement[] = [];

  for (const t of tables) {
    const access = declared.tables?.[t.id as TableId];
    if (!access) continue;
    const tableArn = stateful.tables.get(t.id)!.table.tableArn;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'readWrite' ? [...readItems, ...writeItems] : readItems,
        resources: [tableArn, ...(t.globalIndexes ?? []).map((g) => `${tableArn}/index/${g.name}`)],
      }),
    );
  }
  for (const id of declared.streams ?? []) {
    const t = tables.find((x) => x.id === id);
    if (!t?.stream || !t.streamEnv) throw new Error(`${fn.node.path}: table ${id} has no stream to read`);
    // The function reads the stream itself (the watermark job): its ARN, and read rights on that stream only.
    const table = stateful.tables.get(id)!.table;
    fn.addEnvironment(t.streamEnv, table.tableStreamArn!);
    table.grantStreamRead(fn);
  }
  for (const b of buckets) {
    const access = declared.buckets?.[b.id as BucketId];
    if (!access) continue;
    // Objects are keyed at run time (uploads, reports): object actions on the bucket's objects, listing on the bucket.
    const arn = `arn:${Aws.PARTITION}:s3:::${bucketName(stage, b.id)}`;
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [arn] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'readWrite' ? [...readObjects, ...writeObjects] : readObjects,
        resources: [`${arn}/*`],
      }),
    );
    acks.push({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucketName(stage, b.id, nagPseudo)}/*]`,
      reason: `Objects of the ${b.id} bucket are keyed at run time (presigned uploads, reports); access stays within that bucket.`,
    });
  }
  for (const q of queues) {
    if (declared.queues?.includes(q.id as QueueId)) stateful.queues.get(q.id)!.queue.grantSendMessages(role);
  }
  for (const k of registryKeys) {
    const use = declared.keys?.[k.id as RegistryKeyId];
    if (!use) continue;
    const fits = k.keyUsage === 'ENCRYPT_DECRYPT' ? use === 'encryptDecrypt' : use !== 'encryptDecrypt';
    if (!fits) throw new Error(`${fn.node.path}: key ${k.id} (${k.keyUsage}) cannot be used to ${use}`);
    stateful.keys.get(k.id)!.key.grant(role, ...keyActions[use]);
  }
  if (declared.messaging) {
    // SMS straight to phone numbers has no topic ARN to scope to; e-mail only from the registry's identity.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [`arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/*`],
      }),
    );
    acks.push(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'sns:Publish to a phone number (SMS) has no resource to scope to; X-Ray has no resource-level permissions.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
        reason:
          'SES sending identities of this account (the registry’s verified domain); recipients are named at run time.',
      },
    );
  }
  if (declared.providerKeys?.length) acks.push(...grantProviderKeys(fn, declared, targets));
  return acks;
}

/**
 * The per-provider keys (functions/adapters/provider-keys.ts, envelope.ts). They are created at onboarding,
 * so their ARNs are unknown at deploy time: every statement is scoped by what the registry puts on them —
 * the `iys:iysCode` tag (set at creation) and aliases under alias/iys/sp/ (functions/specs/resources.ts
 * providerKeyAliases) — and CreateKey by the allowed key specs, usages and origins.
 */
function grantProviderKeys(
  fn: IysFunction,
  declared: FunctionGrants,
  targets: GrantTargets,
): Acknowledgement[] {
  const uses = new Set(declared.providerKeys);
  const keys = `arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`;
  const aliasPrefix = providerKeyAliases.data(0).replace(/0$/, ''); // 'alias/iys/sp/'
  const aliases = `arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:${aliasPrefix}*`;
  const tagged = { Null: { 'aws:ResourceTag/iys:iysCode': 'false' } };
  const onlyTheCodeTag = {
    Null: { 'aws:RequestTag/iys:iysCode': 'false' },
    'ForAllValues:StringEquals': { 'aws:TagKeys': ['iys:iysCode'] },
  };
  const statements: PolicyStatement[] = [];
  if (uses.has('create')) {
    statements.push(
      new PolicyStatement({
        sid: 'CreateProviderKeys',
        actions: ['kms:CreateKey'],
        resources: ['*'], // CreateKey has no resource: conditions do the scoping
        conditions: {
          ...onlyTheCodeTag,
          StringEquals: {
            'kms:KeySpec': ['SYMMETRIC_DEFAULT', 'ECC_NIST_P256'],
            'kms:KeyUsage': ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
            'kms:KeyOrigin': targets.customKeyStoreId ? ['AWS_KMS', 'AWS_CLOUDHSM'] : ['AWS_KMS'],
          },
        },
      }),
      new PolicyStatement({
        sid: 'TagProviderKeysOnCreate',
        actions: ['kms:TagResource'],
        resources: [keys],
        conditions: onlyTheCodeTag,
      }),
      new PolicyStatement({
        sid: 'CreateProviderAliases',
        actions: ['kms:CreateAlias'],
        resources: [aliases],
      }),
      new PolicyStatement({
        sid: 'AliasTaggedKeys',
        actions: ['kms:CreateAlias'],
        resources: [keys],
        conditions: { ...tagged, StringLike: { 'kms:AliasName': `${aliasPrefix}*` } },
      }),
      new PolicyStatement({
        sid: 'DescribeProviderKeysByAlias',
        actions: ['kms:DescribeKey'],
        resources: [keys],
        conditions: { StringLike: { 'kms:RequestAlias': `${aliasPrefix}*` } },
      }),
    );
  }
  if (uses.has('dataKeys')) {
    statements.push(
      new PolicyStatement({
        sid: 'UseProviderDataKeys',
        actions: ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [keys],
        conditions: tagged,
      }),
    );
  }
  if (uses.has('sign')) {
    statements.push(
      new PolicyStatement({
        sid: 'SignWithProviderKeys',
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [keys],
        conditions: tagged,
      }),
    );
  }
  for (const s of statements) fn.addToRolePolicy(s);
  const reason =
    'Per-provider KMS keys are created at onboarding, so their ARNs are unknown at deploy time; each statement is narrowed by the iys:iysCode tag, the alias/iys/sp/ prefix or the allowed key specs (docs/deploy.md).';
  return [
    { id: 'AwsSolutions-IAM5[Resource::*]', reason },
    {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
      reason,
    },
    ...(uses.has('create')
      ? [
          {
            id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:${aliasPrefix}*]`,
            reason,
          },
        ]
      : []),
  ];
}

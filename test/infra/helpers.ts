import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { physicalName } from '../../functions/specs/resources.js';
import { buildIysApp, featureFlags, type IysApp, type IysAppOptions } from '../../lib/app.js';
import type { StatefulStack } from '../../lib/stateful-stack.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's own context (cdk.json, with the app's feature flags), as `cdk synth` would see it. */
export const cdkContext = {
  ...featureFlags,
  ...(JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context as Record<string, unknown>),
};

/** Context that skips bundling for every stack: templates only, fast. */
export const noBundling = { 'aws:cdk:bundling-stacks': [] as string[] };

export function testApp(context: Record<string, unknown> = {}, options: IysAppOptions = {}): IysApp {
  const app = new App({ context: { ...cdkContext, ...noBundling, ...context } });
  return buildIysApp(app, { account: '123456789012', region: 'eu-central-1', nag: false, ...options });
}

export function logicalId(construct: IConstruct): string {
  const cfn = (construct.node.defaultChild ?? construct) as CfnResource;
  return Stack.of(construct).getLogicalId(cfn);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, unknown>;
  Sid?: string;
}

const templates = new Map<Stack, Template>();
/** The template of a stack (nested stacks included), synthesised once. */
export function templateOf(scope: IConstruct): Template {
  const stack = Stack.of(scope);
  let t = templates.get(stack);
  if (!t) {
    t = Template.fromStack(stack);
    templates.set(stack, t);
  }
  return t;
}

/** The stack and its nested stacks. */
export function stackAndNested(stack: Stack): Stack[] {
  return [stack, ...stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c))];
}

/** The resources of one type in a stack and its nested stacks. */
export function resourcesIn(
  stack: Stack,
  type: string,
): Record<string, { Properties: Record<string, unknown> }> {
  const out: Record<string, { Properties: Record<string, unknown> }> = {};
  for (const s of stackAndNested(stack)) {
    for (const [id, r] of Object.entries(templateOf(s).findResources(type)))
      out[`${s.node.path}/${id}`] = r as never;
  }
  return out;
}

/** Every statement of the identity policies attached to a role (inline and AWS::IAM::Policy). */
export function statementsOf(role: IRole): Statement[] {
  const template = templateOf(role);
  const roleId = logicalId(role);
  const out: Statement[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[]) {
    if (policy.Properties.Roles.some((r) => r.Ref === roleId))
      out.push(...policy.Properties.PolicyDocument.Statement);
  }
  const roleResource = template.findResources('AWS::IAM::Role')[roleId] as {
    Properties: { Policies?: { PolicyDocument: { Statement: Statement[] } }[] };
  };
  for (const p of roleResource.Properties.Policies ?? []) out.push(...p.PolicyDocument.Statement);
  return out;
}

export function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

const itemReads = new Set([
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
]);
const itemWrites = new Set([
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
]);
const streamReads = new Set(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']);
const objectWrites = new Set(['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload']);
const keyUses: Record<string, string[]> = {
  encryptDecrypt: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  verify: ['kms:GetPublicKey'],
  sign: ['kms:GetPublicKey', 'kms:Sign'],
};
const providerKeySids: Record<string, string> = {
  CreateProviderKeys: 'providerKeys:create',
  TagProviderKeysOnCreate: 'providerKeys:create',
  CreateProviderAliases: 'providerKeys:create',
  AliasTaggedKeys: 'providerKeys:create',
  DescribeProviderKeysByAlias: 'providerKeys:create',
  UseProviderDataKeys: 'providerKeys:dataKeys',
  SignWithProviderKeys: 'providerKeys:sign',
};

/**
 * What a function's synthesised policies grant, read back from the template in the terms of test/infra/needs.ts
 * (`table:Consents`, `table:Consents:write`, `key:TokenSigningKey:sign`, …), so that it can be compared with
 * the declaration. Its event sources' rights are named apart (`source:queue:Push`; a stream consumer's
 * `stream:Consents`). Every statement must be accounted for: whatever is not lands in `unexplained`.
 */
export function grantedNeeds(
  fn: { role?: IRole; functionLogGroup: IConstruct },
  stateful: StatefulStack,
): { needs: Set<string>; unexplained: string[] } {
  const needs = new Set<string>();
  const unexplained: string[] = [];
  const idOf = (c: IConstruct) => stateful.getLogicalId((c.node.defaultChild ?? c) as CfnResource);
  const tableIds = [...stateful.tables].map(([id, t]) => ({ id, ref: idOf(t.table) }));
  const queueIds = [...stateful.queues].map(([id, q]) => ({ id, ref: idOf(q.queue) }));
  const keyIds = [...stateful.keys].map(([id, k]) => ({ id, ref: idOf(k.key) }));
  const bucketIds = [...stateful.buckets.keys()].map((id) => ({
    id,
    name: `:::${physicalName(stateful.stage, id)}-`,
  }));
  const logGroup = logicalId(fn.functionLogGroup);
  const kmsByKey = new Map<string, Set<string>>();
  const sqsByQueue = new Map<string, Set<string>>();

  for (const s of statementsOf(fn.role!)) {
    if (s.Effect !== 'Allow') {
      unexplained.push(JSON.stringify(s));
      continue;
    }
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    for (const action of actionsOf([s])) {
      for (const resource of resources) {
        const r = JSON.stringify(resource);
        const table = tableIds.find((t) => r.includes(`${t.ref}Arn`));
        const stream = tableIds.find((t) => r.includes(`${t.ref}StreamArn`));
        const queue = queueIds.find((q) => r.includes(q.ref));
        const key = keyIds.find((k) => r.includes(k.ref));
        const bucket = bucketIds.find((b) => r.includes(b.name));
        if (action.startsWith('logs:') && r.includes(logGroup)) continue;
        if (action.startsWith('xray:') && resource === '*') continue;
        if (s.Sid && providerKeySids[s.Sid] && action.startsWith('kms:')) needs.add(providerKeySids[s.Sid]!);
        else if (action === 'dynamodb:ListStreams' && resource === '*') needs.add('dynamodb:ListStreams');
        else if (stream && streamReads.has(action)) needs.add(`stream:${stream.id}`);
        else if (table && itemReads.has(action)) needs.add(`table:${table.id}`);
        else if (table && itemWrites.has(action)) needs.add(`table:${table.id}:write`);
        else if (bucket && action === 's3:ListBucket' && !r.includes('/*'))
          needs.add(`bucket:${bucket.id}:list`);
        else if (bucket && action === 's3:GetObject' && r.includes('/*'))
          needs.add(`bucket:${bucket.id}:get`);
        else if (bucket && objectWrites.has(action) && r.includes('/*'))
          needs.add(`bucket:${bucket.id}:write`);
        else if (queue && action.startsWith('sqs:')) {
          const set = sqsByQueue.get(queue.id) ?? new Set();
          sqsByQueue.set(queue.id, set.add(action));
        } else if (key && !s.Condition && action.startsWith('kms:')) {
          const set = kmsByKey.get(key.id) ?? new Set();
          kmsByKey.set(key.id, set.add(action));
        } else if (action === 'sns:Publish' && resource === '*') needs.add('messaging:sns');
        else if (action === 'ses:SendEmail' && r.includes(':identity/*')) needs.add('messaging:ses');
        else unexplained.push(`${action} ${r}`);
      }
    }
  }
  // Halves that only make sense together: listing and reading objects, SMS and e-mail.
  const pairs: [string, string, string][] = [
    ['messaging:sns', 'messaging:ses', 'messaging'],
    ...bucketIds.map((b): [string, string, string] => [
      `bucket:${b.id}:list`,
      `bucket:${b.id}:get`,
      `bucket:${b.id}`,
    ]),
  ];
  for (const [a, b, whole] of pairs) {
    if (needs.has(a) !== needs.has(b)) unexplained.push(`${needs.has(a) ? a : b} alone`);
    if (needs.delete(a) && needs.delete(b)) needs.add(whole);
  }
  for (const b of bucketIds)
    if (needs.has(`bucket:${b.id}:write`) && !needs.has(`bucket:${b.id}`))
      unexplained.push(`bucket:${b.id}:write alone`);
  for (const [id, actions] of kmsByKey) {
    const use = Object.entries(keyUses).find(([, a]) => a.join() === [...actions].sort().join());
    if (!use) unexplained.push(`key ${id}: ${[...actions].sort().join(', ')}`);
    needs.add(`key:${id}`);
    if (id === 'TokenSigningKey' && use?.[0] === 'sign') needs.add('key:TokenSigningKey:sign');
  }
  for (const [id, actions] of sqsByQueue) {
    const a = [...actions].sort().join();
    const send = 'sqs:GetQueueAttributes,sqs:GetQueueUrl,sqs:SendMessage';
    const consume =
      'sqs:ChangeMessageVisibility,sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:GetQueueUrl,sqs:ReceiveMessage';
    const both =
      'sqs:ChangeMessageVisibility,sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:GetQueueUrl,sqs:ReceiveMessage,sqs:SendMessage';
    if (a === send || a === both) needs.add(`queue:${id}`);
    if (a === consume || a === both) needs.add(`source:queue:${id}`);
    if (![send, consume, both].includes(a)) unexplained.push(`queue ${id}: ${a}`);
  }
  // ListStreams has no resource: it belongs to whichever stream the function reads.
  if (needs.delete('dynamodb:ListStreams') && ![...needs].some((n) => n.startsWith('stream:')))
    unexplained.push('dynamodb:ListStreams without a stream');
  return { needs, unexplained };
}

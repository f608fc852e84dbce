import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { type SpecRoute, specRoutes } from '../../functions/specs/index.js';
import { buckets, queues, registryKeys, tables } from '../../functions/specs/resources.js';
import { handlerEntry } from '../../lib/constructs/iys-function.js';
import { needsOf } from '../../lib/constructs/needs.js';
import { StatefulStack } from '../../lib/stateful-stack.js';
import { StatelessStack } from '../../lib/stateless-stack.js';
import { actionsOf, cdkContext, noBundling, root, statementsOf } from './helpers.js';

const resourceVars = [...tables, ...buckets, ...queues, ...registryKeys].map((r) => r.env);
const fixture = path.join(root, 'test', 'infra', 'fixtures', 'onboard-provider.ts');

describe('grants follow the module graph', () => {
  it('finds the resources a handler reads through functions/adapters/env.ts', () => {
    const token = needsOf(handlerEntry('create-token'), resourceVars);
    expect(token.envVars).toContain('IYS_TABLE_REGISTRY');
    expect(token.envVars).toContain('IYS_KEY_TOKEN_SIGNING');
    expect(token.createsProviderKeys).toBe(false);
    // The OpenAPI function lists every route but runs none of them: the catalogue is not followed.
    const openapi = needsOf(handlerEntry('get-openapi'), resourceVars);
    expect(openapi.files).not.toContain('functions/handlers/create-token.ts');
    expect(openapi.files).not.toContain('functions/app/identity.ts');
    expect(openapi.createsProviderKeys).toBe(false);
  });

  it('scopes provider key creation and use by tag, alias prefix and key spec', () => {
    expect(needsOf(fixture, resourceVars).createsProviderKeys).toBe(true);
    const app = new App({ context: { ...cdkContext, ...noBundling } });
    const env = { account: '123456789012', region: 'eu-central-1' };
    const stateful = new StatefulStack(app, 'S', { env, stage: 'test' });
    const health = specRoutes().find((r) => r.module === 'health')!;
    const onboarding: SpecRoute = {
      module: 'onboard-provider',
      spec: {
        ...health.spec,
        operationId: 'onboardProvider',
        method: 'POST',
        path: '/sps',
        auth: 'bearer',
      },
    };
    const stateless = new StatelessStack(app, 'L', {
      env,
      stage: 'test',
      stateful,
      routes: [health, onboarding],
      handlerEntry: (m) => (m === 'onboard-provider' ? fixture : handlerEntry(m)),
    });
    const statements = statementsOf(stateless.apiFunctions.get('onboard-provider')!.role!);
    const create = statements.find((s) => s.Sid === 'CreateProviderKeys')!;
    expect(create.Condition).toMatchObject({
      StringEquals: {
        'kms:KeySpec': ['SYMMETRIC_DEFAULT', 'ECC_NIST_P256'],
        'kms:KeyUsage': ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
      },
      Null: { 'aws:RequestTag/iys:iysCode': 'false' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['iys:iysCode'] },
    });
    const alias = statements.find((s) => s.Sid === 'CreateProviderAliases')!;
    expect(JSON.stringify(alias.Resource)).toContain(':alias/iys/sp/*');
    const use = statements.find((s) => s.Sid === 'UseProviderDataKeys')!;
    expect([...(use.Action as string[])].sort()).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:GenerateDataKey',
    ]);
    expect(use.Condition).toEqual({ Null: { 'aws:ResourceTag/iys:iysCode': 'false' } });
    expect(statements.find((s) => s.Sid === 'DescribeProviderKeysByAlias')!.Condition).toEqual({
      StringLike: { 'kms:RequestAlias': 'alias/iys/sp/*' },
    });
    // Every statement with a wildcard resource carries a condition.
    for (const s of statements) {
      if (JSON.stringify(s.Resource).includes('key/*') || s.Resource === '*') {
        if (!actionsOf([s]).every((a) => a.startsWith('xray:'))) expect(s.Condition, s.Sid).toBeDefined();
      }
    }
    // The health check neither creates keys nor signs (it may verify: every API function shares api-handler).
    const healthActions = actionsOf(statementsOf(stateless.apiFunctions.get('health')!.role!));
    for (const a of ['kms:CreateKey', 'kms:CreateAlias', 'kms:Sign', 'kms:TagResource'])
      expect(healthActions).not.toContain(a);
  });
});

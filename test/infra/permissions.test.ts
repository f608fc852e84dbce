import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BucketId,
  type FunctionGrants,
  grants,
  type QueueId,
  type RegistryKeyId,
  type TableId,
} from '../../functions/specs/grants.js';
import { type SpecRoute, specRoutes } from '../../functions/specs/index.js';
import { buckets, queues, registryKeys, schedules, tables } from '../../functions/specs/resources.js';
import type { IysApp } from '../../lib/app.js';
import { handlerEntry, type IysFunction } from '../../lib/constructs/iys-function.js';
import { StatefulStack } from '../../lib/stateful-stack.js';
import { StatelessStack } from '../../lib/stateless-stack.js';
import {
  cuts,
  type Exemption,
  exemptions,
  type FunctionModule,
  functionModules,
  staleReview,
  type Verdict,
  verdict,
} from './grant-review.js';
import { actionsOf, cdkContext, grantedNeeds, noBundling, root, statementsOf, testApp } from './helpers.js';
import { analyse, declaredNeeds } from './needs.js';

const fixture = (name: string) => path.join(root, 'test', 'infra', 'fixtures', `${name}.ts`);
const sorted = (s: Iterable<string>) => [...s].sort();
const env = { account: '123456789012', region: 'eu-central-1' };
const route = (module: string) => specRoutes().find((r) => r.module === module)!;

/** Every function of a stateless stack with its handler module. */
function functionsOf(stack: StatelessStack): [string, IysFunction][] {
  const moduleOfQueue = (id: string) => queues.find((q) => q.id === id)!.consumer!.module;
  const moduleOfStream = (id: string) => tables.find((t) => t.id === id)!.streamConsumer!.module;
  const moduleOfJob = (id: string) => schedules.find((j) => j.id === id)!.module;
  return [
    ['authorizer', stack.authorizerFunction],
    ...stack.apiFunctions,
    ...[...stack.consumers].map(([id, fn]): [string, IysFunction] => [moduleOfQueue(id), fn]),
    ...[...stack.streamConsumers].map(([id, fn]): [string, IysFunction] => [moduleOfStream(id), fn]),
    ...[...stack.jobs].map(([id, fn]): [string, IysFunction] => [moduleOfJob(id), fn]),
  ];
}

/** What a module's event source mapping grants besides its declaration (its own queue or table stream). */
function eventSourceNeeds(module: string): string[] {
  return [
    ...queues.filter((q) => q.consumer?.module === module).map((q) => `source:queue:${q.id}`),
    ...tables.filter((t) => t.streamConsumer?.module === module).map((t) => `stream:${t.id}`),
  ];
}

/** A small stack: the given routes, grants and handler entries (the health route keeps the API valid). */
function smallStack(options: {
  routes: SpecRoute[];
  grants?: Record<string, FunctionGrants>;
  handlerEntry?: (module: string) => string;
}) {
  const app = new App({ context: { ...cdkContext, ...noBundling } });
  const stateful = new StatefulStack(app, 'S', { env, stage: 'test' });
  const stateless = new StatelessStack(app, 'L', { env, stage: 'test', stateful, ...options });
  return { stateful, stateless };
}

describe('grants are declared per function (functions/specs/grants.ts)', () => {
  let iys: IysApp;
  beforeAll(() => {
    iys = testApp({ 'iys:stage': 'test', 'iys:customKeyStoreId': 'cks-1234567890abcdef0' });
  }, 120_000);

  it('declares every function of the stack and nothing else', () => {
    const modules = functionsOf(iys.stateless).map(([m]) => m);
    expect(sorted(Object.keys(grants))).toEqual(sorted(modules));
    expect(sorted(modules)).toEqual(sorted(functionModules(specRoutes(), handlerEntry).map((f) => f.module)));
  });

  it('names the resources by the ids of functions/specs/resources.ts', () => {
    // Records over the id unions: the compiler keeps them complete, this keeps them equal to the resources.
    const ids = {
      tables: { Consents: 1, Registry: 1, Evidence: 1 } satisfies Record<TableId, 1>,
      buckets: { Uploads: 1, Reports: 1 } satisfies Record<BucketId, 1>,
      queues: { BatchConsents: 1, BulkUploads: 1, BulkChunks: 1, Push: 1 } satisfies Record<QueueId, 1>,
      keys: { RegistryKey: 1, TokenSigningKey: 1, RootCaKey: 1, TsaKey: 1 } satisfies Record<
        RegistryKeyId,
        1
      >,
    };
    expect(sorted(Object.keys(ids.tables))).toEqual(sorted(tables.map((t) => t.id)));
    expect(sorted(Object.keys(ids.buckets))).toEqual(sorted(buckets.map((b) => b.id)));
    expect(sorted(Object.keys(ids.queues))).toEqual(sorted(queues.map((q) => q.id)));
    expect(sorted(Object.keys(ids.keys))).toEqual(sorted(registryKeys.map((k) => k.id)));
  });

  it('synthesises for every function exactly its declared grants (plus its own event source)', () => {
    const functions = functionsOf(iys.stateless);
    expect(functions.length).toBeGreaterThan(80);
    for (const [module, fn] of functions) {
      const granted = grantedNeeds(fn, iys.stateful);
      const expected = [...declaredNeeds(grants[module]!), ...eventSourceNeeds(module)];
      expect({ module, needs: sorted(granted.needs), unexplained: granted.unexplained }).toEqual({
        module,
        needs: sorted(expected),
        unexplained: [],
      });
    }
  });

  it('reads the policies back faithfully (a statement it cannot explain is reported)', () => {
    const fn = iys.stateless.apiFunctions.get('health')!;
    expect(grantedNeeds(fn, iys.stateful)).toEqual({ needs: new Set(), unexplained: [] });
    const tokenFn = iys.stateless.apiFunctions.get('create-token')!;
    expect(sorted(grantedNeeds(tokenFn, iys.stateful).needs)).toEqual([
      'key:TokenSigningKey',
      'key:TokenSigningKey:sign',
      'table:Registry',
      'table:Registry:write',
    ]);
  });

  it('grants read access as read actions only, and refuses a key use its key does not have', () => {
    const reader: FunctionGrants = {
      tables: { Registry: 'read' },
      buckets: { Reports: 'read' },
      keys: { TsaKey: 'verify' },
    };
    const { stateful, stateless } = smallStack({
      routes: [route('health')],
      grants: { ...grants, health: reader },
    });
    const fn = stateless.apiFunctions.get('health')!;
    expect(grantedNeeds(fn, stateful)).toEqual({ needs: declaredNeeds(reader), unexplained: [] });
    const actions = actionsOf(statementsOf(fn.role!)).filter((a) => !/^(logs|xray):/.test(a));
    expect(sorted(actions)).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'kms:GetPublicKey',
      's3:GetObject',
      's3:ListBucket',
    ]);
    expect(() =>
      smallStack({
        routes: [route('health')],
        grants: { ...grants, health: { keys: { RegistryKey: 'sign' } } },
      }),
    ).toThrow(/RegistryKey \(ENCRYPT_DECRYPT\) cannot be used to sign/);
    expect(() =>
      smallStack({ routes: [route('health')], grants: { ...grants, health: { streams: ['Registry'] } } }),
    ).toThrow(/table Registry has no stream/);
  });

  it('decides grants from the declaration alone: the handler code does not change them', () => {
    // Every module served by the health handler's code: the policies are still each module's declaration.
    const modules = ['add-consent', 'approve-application', 'citizen-sessions', 'create-upload'];
    const { stateful, stateless } = smallStack({
      routes: [route('health'), ...modules.map(route)],
      handlerEntry: () => handlerEntry('health'),
    });
    for (const m of modules) {
      const granted = grantedNeeds(stateless.apiFunctions.get(m)!, stateful);
      expect({ m, needs: sorted(granted.needs) }).toEqual({ m, needs: sorted(declaredNeeds(grants[m]!)) });
    }
    const { [modules[0]!]: _, ...without } = grants;
    expect(() => smallStack({ routes: [route('health'), route(modules[0]!)], grants: without })).toThrow(
      /no grants declared for handler module add-consent/,
    );
  });

  it('scopes provider key creation and use by tag, alias prefix and key spec', () => {
    const onboarding: SpecRoute = {
      module: 'onboard-provider',
      spec: {
        ...route('health').spec,
        operationId: 'onboardProvider',
        method: 'POST',
        path: '/sps',
        auth: 'bearer',
      },
    };
    const onboardingGrants: FunctionGrants = {
      tables: { Registry: 'readWrite' },
      keys: { RegistryKey: 'encryptDecrypt' },
      providerKeys: ['create', 'dataKeys'],
    };
    // The fixture's code needs what is declared for it here.
    const fm = { module: 'onboard-provider', entry: fixture('onboard-provider'), route: onboarding };
    expect(verdict(fm, onboardingGrants)).toMatchObject({ missing: [], excess: [] });
    const { stateless } = smallStack({
      routes: [route('health'), onboarding],
      grants: { ...grants, 'onboard-provider': onboardingGrants },
      handlerEntry: (m) => (m === 'onboard-provider' ? fixture('onboard-provider') : handlerEntry(m)),
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
    // The health check touches nothing: no table, no key, no queue, no bucket.
    const healthActions = actionsOf(statementsOf(stateless.apiFunctions.get('health')!.role!));
    expect(healthActions.filter((a) => !/^(logs|xray):/.test(a))).toEqual([]);
  });
});

describe('the declaration matches what the code reaches (test/infra/needs.ts)', () => {
  const modules = functionModules(specRoutes(), handlerEntry);
  let verdicts: Map<string, Verdict>;
  beforeAll(() => {
    verdicts = new Map(modules.map((fm) => [fm.module, verdict(fm, grants[fm.module] ?? {})]));
  }, 120_000);

  it('finds the resources a handler reads through functions/adapters/env.ts, and follows no spec into runtime', () => {
    const token = analyse(handlerEntry('create-token'));
    expect(token.needs).toContain('table:Registry');
    expect(token.needs).toContain('key:TokenSigningKey');
    expect(token.needs).not.toContain('providerKeys:create');
    // The OpenAPI function lists every route but runs none of them: the catalogue imports no handler.
    const openapi = analyse(handlerEntry('get-openapi'));
    expect(openapi.files).not.toContain('functions/handlers/create-token.ts');
    expect(openapi.files).not.toContain('functions/app/identity.ts');
    expect(analyse(fixture('onboard-provider')).needs).toContain('providerKeys:create');
  });

  it('finds, for every function, no missing grant and no excess grant', () => {
    expect(modules.length).toBeGreaterThan(80);
    for (const fm of modules) {
      const v = verdicts.get(fm.module)!;
      expect({ module: fm.module, missing: v.missing, excess: v.excess }).toEqual({
        module: fm.module,
        missing: [],
        excess: [],
      });
    }
  });

  it('keeps its reviewed cuts and exemptions current (each still describes the code)', () => {
    expect(staleReview(verdicts)).toEqual([]);
    // The API modules that serve no recipient session do not reach it through apiHandler.
    expect(verdicts.get('health')!.analysis.files).not.toContain('functions/adapters/citizen-session.ts');
    expect(verdicts.get('citizen-consents-list')!.cutsUsed.map((c) => c.to)).not.toContain(
      'functions/adapters/citizen-session.ts',
    );
  });

  it('bites: a declaration that lacks a resource the code reads is a missing grant', () => {
    const fm = modules.find((m) => m.module === 'add-consent')!;
    const { Consents: _, ...otherTables } = grants['add-consent']!.tables!;
    expect(verdict(fm, { ...grants['add-consent'], tables: otherTables })).toMatchObject({
      missing: ['table:Consents', 'table:Consents:write'],
      excess: [],
    });
    // Read where the code writes is missing the write.
    expect(
      verdict(fm, {
        ...grants['add-consent'],
        tables: { ...grants['add-consent']!.tables, Consents: 'read' },
      }),
    ).toMatchObject({ missing: ['table:Consents:write'], excess: [] });
    // Without its cut, health reaches the recipient session adapter again (and all it touches).
    const health = modules.find((m) => m.module === 'health')!;
    const uncut = verdict(health, {}, { cuts: [], exemptions });
    expect(uncut.missing).toEqual(expect.arrayContaining(['key:TokenSigningKey', 'table:Registry']));
  });

  it('bites: a declaration that grants a resource the code never reads is an excess grant', () => {
    const fm = modules.find((m) => m.module === 'health')!;
    expect(verdict(fm, { queues: ['Push'], keys: { RootCaKey: 'sign' }, messaging: true })).toMatchObject({
      missing: [],
      excess: ['key:RootCaKey', 'messaging', 'queue:Push'],
    });
    // A table read the code never does, a token key it never reaches.
    expect(verdict(fm, { tables: { Registry: 'read' }, keys: { TokenSigningKey: 'sign' } })).toMatchObject({
      missing: [],
      excess: ['key:TokenSigningKey', 'key:TokenSigningKey:sign', 'table:Registry'],
    });
  });

  it('bites: code that starts using a resource its declaration lacks (fixture: health plus a queue and a token signature)', () => {
    const fm: FunctionModule = { module: 'health', entry: fixture('uses-more'), route: route('health') };
    // The token signature comes from the fixture, not from the reviewed files: the exemption does not cover it.
    expect(verdict(fm, grants.health!)).toMatchObject({
      missing: ['key:TokenSigningKey', 'key:TokenSigningKey:sign', 'queue:BatchConsents'],
      excess: [],
    });
  });

  it('bites: a reviewed entry that no longer matches the code is stale', () => {
    const bogusCut = { ...cuts[0]!, to: 'functions/adapters/no-such-file.ts' };
    const widened: Exemption = {
      ...exemptions[1]!,
      modules: [...(exemptions[1]!.modules as string[]), 'health'],
    };
    const review = {
      cuts: [...cuts, bogusCut],
      exemptions: [...exemptions.filter((e) => e !== exemptions[1]), widened],
    };
    const v = new Map(modules.map((fm) => [fm.module, verdict(fm, grants[fm.module] ?? {}, review)]));
    expect(staleReview(v, review)).toEqual([
      'cut functions/http/api-handler.ts → functions/adapters/no-such-file.ts',
      'exemption providerKeys:create for health',
    ]);
  });
});

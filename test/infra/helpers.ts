import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { buildIysApp, featureFlags, type IysApp, type IysAppOptions } from '../../lib/app.js';

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

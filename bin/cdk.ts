#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildIysApp } from '../lib/app.js';

/**
 * cdk.json runs this file (`npx tsx bin/cdk.ts`). Account and region come from CDK_DEFAULT_ACCOUNT /
 * CDK_DEFAULT_REGION (set by the CLI from the profile); without credentials the region falls back to
 * eu-central-1 so `cdk synth` works offline. Synthesis throws when the region is not in iys:allowedRegions.
 * cdk-nag's AwsSolutions pack checks the whole app; every acknowledgement in lib/ carries a reason.
 */
buildIysApp(new App());

#!/usr/bin/env node
// Launcher for the İYS command-line client (bin/cli.ts): runs the TypeScript source with tsx from this
// package's node_modules, so `npx iys …` works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (lib/constructs/ → ../..). Handler entries and the lock file are found from here. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

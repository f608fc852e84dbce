import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/add-batch-consent-v2.js';
import { runBatch } from './add-batch-consent.js';

export const operation = implement(spec, runBatch('v2'));

export const handler = apiHandler(operation);

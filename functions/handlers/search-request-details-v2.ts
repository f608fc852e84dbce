import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/search-request-details-v2.js';
import { runDetails } from './search-request-details.js';

export const operation = implement(spec, runDetails('v2'));

export const handler = apiHandler(operation);

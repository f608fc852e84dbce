import { cities } from '../data/places.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/get-cities.js';

export const operation = implement(spec, async () => json(200, cities));

export const handler = apiHandler(operation);

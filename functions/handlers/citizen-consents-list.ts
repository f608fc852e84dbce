import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-consents-list.js';
import { awsCitizens } from '../wiring/citizens.js';

/** The composition root: the recipient use cases and their AWS ports, built once per cold start. */
const citizens = awsCitizens();

export const operation = implement(spec, async (req) => json(200, await citizens.listConsents(req.citizen!)));

export const handler = apiHandler(operation);

import { cityOf } from '../data/places.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/city-details.js';

export const operation = implement(spec, async (req) => {
  const raw = req.path.code ?? '';
  if (!/^\d{1,6}$/.test(raw)) throw IysError.of('H241', { location: ['code'], value: raw });
  const found = cityOf(Number(raw));
  return found ? json(200, found) : json(204);
});

export const handler = apiHandler(operation);

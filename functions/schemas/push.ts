import { z } from 'zod';
import { CONSENT_TYPES } from '../domain/consent/types.js';
import { codes } from '../domain/validation.js';

/** İYS's push bodies and texts (OAS pushRegistration / pushUnregistration examples). */
const url = z.string(codes('H531', 'H531')).min(1, 'H531').max(2000, 'H531');
const type = z.enum(CONSENT_TYPES, codes('H111', 'H117'));
const username = z.string(codes('H093', 'H093')).min(1, 'H093').max(200, 'X008');
const password = z.string(codes('H093', 'H093')).min(1, 'H093').max(200, 'X008');

export const connectionSchema = z.strictObject({ url, type, username, password }, codes('H097', 'H097'));
export const pushRegistrationBody = z.strictObject(
  { connection: z.array(connectionSchema, codes('H097', 'H097')).min(1, 'H097').max(6, 'X008') },
  codes('H014', 'H014'),
);
export const pushUnregistrationBody = connectionSchema;

/** İYS's texts for H093 name the missing field (username or password): `bodyMessages` of the push specs. */
export const pushBodyMessages = {
  H093: (location: (string | number)[]) =>
    location.at(-1) === 'password' ? 'Şifre (password) bulunamadı.' : 'Kullanıcı adı (username) bulunamadı.',
} as const;

export const pushMessage = z.object({ message: z.string() });
export const pushConnections = z.array(
  z.object({ url: z.string(), type: z.string(), status: z.string(), registerTime: z.string() }),
);
export const pushDeliveries = z.object({ list: z.array(z.record(z.string(), z.unknown())) });

import { z } from 'zod';
import { codes } from '../domain/validation.js';

const access = z.enum(['read', 'write'], 'X008').optional();

/** A provider's grant to an integrator for one brand: per channel read or write; none of them revokes. */
export const grantBody = z
  .strictObject(
    {
      brandCode: z.number(codes('X008', 'H191')).int('H191'),
      MESAJ: access,
      ARAMA: access,
      EPOSTA: access,
      agreementControl: z.boolean('X008').optional(),
    },
    codes('X008', 'X008'),
  )
  .meta({
    id: 'IntegratorGrant',
    example: { brandCode: 700001, MESAJ: 'write', ARAMA: 'read', EPOSTA: 'write', agreementControl: true },
  });

export const integratorBrand = z
  .object({
    brandCode: z.number().int(),
    name: z.string(),
    master: z.boolean(),
    title: z.string(),
    iysCode: z.number().int(),
    agreementControl: z.boolean(),
    MESAJ: z.enum(['read', 'write']).optional(),
    ARAMA: z.enum(['read', 'write']).optional(),
    EPOSTA: z.enum(['read', 'write']).optional(),
    viaControl: z.boolean(),
  })
  .meta({ id: 'IntegratorBrand' });

export const integratorList = z
  .object({
    pagination: z.object({
      offset: z.number().int(),
      pageSize: z.number().int(),
      totalCount: z.number().int(),
    }),
    list: z.array(integratorBrand),
  })
  .meta({ id: 'Integrator' });

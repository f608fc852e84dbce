import { z } from 'zod';

/** createToken2's body (JSON or form-urlencoded). Field checks and their OAuth2 errors are in app/identity.ts. */
export const tokenRequest = z
  .object({
    grant_type: z
      .string()
      .meta({ description: '`password` or `refresh_token`', example: 'password' })
      .optional(),
    username: z.string().meta({ example: 'ornek-api' }).optional(),
    password: z.string().meta({ example: 'change-me-1' }).optional(),
    refresh_token: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Oauth2Request' });

export const tokenResponse = z
  .object({
    access_token: z.string(),
    expires_in: z.number().int().meta({ example: 7200 }),
    refresh_expires_in: z.number().int().meta({ example: 14400 }),
    refresh_token: z.string(),
    token_type: z.literal('bearer'),
    'not-before-policy': z.number().int(),
    scope: z.string(),
  })
  .meta({ id: 'Oauth2Response' });

export const oauthError = z
  .object({ error: z.string().meta({ example: 'invalid_request' }), error_description: z.string() })
  .meta({ id: 'Bad2Request' });

export const errorBody = z
  .object({
    errors: z.array(
      z.object({
        code: z.string().meta({ example: 'H121' }),
        message: z.string(),
        location: z.array(z.union([z.string(), z.number()])).optional(),
        value: z.unknown().optional(),
        index: z.number().int().optional(),
      }),
    ),
  })
  .meta({ id: 'Errors' });

import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { clock } from '../adapters/clock.js';
import { observed } from '../adapters/observability.js';
import { authenticate } from '../app/identity.js';
import { identityToContext } from '../domain/identity.js';

/**
 * TOKEN authorizer. Verifies the bearer token with the cached public key (no KMS call per request) and the
 * user's token state (cached: adapters/token-versions.ts), and hands the caller's identity to the handlers as
 * context. The policy covers the whole API so API Gateway may cache it for the token (30 s: revocation,
 * docs/identity.md); rights are checked per operation by the handlers.
 */
export const handler = observed(
  async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const identity = await authenticate(event.authorizationToken, clock);
    if (!identity) throw new Error('Unauthorized'); // API Gateway answers the UNAUTHORIZED gateway response (H351)
    const [arnBase, stage] = event.methodArn.split('/');
    return {
      principalId: identity.username,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${arnBase}/${stage}/*` }],
      },
      context: identityToContext(identity),
    };
  },
);

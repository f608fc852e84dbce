import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { observed } from '../adapters/observability.js';
import { identityToContext } from '../domain/identity.js';
import { awsAuthenticator } from '../wiring/authenticator.js';

/** The composition root: the token check and its AWS ports, built once per cold start. */
const tokens = awsAuthenticator();

/**
 * TOKEN authorizer. Verifies the bearer token with the cached public key (no KMS call per request) and the
 * user's token state (cached: adapters/token-versions.ts), and hands the caller's identity to the handlers as
 * context. The policy covers the whole API so API Gateway may cache it for the token (30 s: revocation,
 * docs/identity.md); rights are checked per operation by the handlers.
 */
export const handler = observed(
  async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const identity = await tokens.authenticate(event.authorizationToken);
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

import type { Operation } from '../http/operation.js';
import * as addConsent from '../handlers/add-consent.js';
import * as addConsentV2 from '../handlers/add-consent-v2.js';
import * as batchConsentStatus from '../handlers/batch-consent-status.js';
import * as consentDetail from '../handlers/consent-detail.js';
import * as consentsHistory from '../handlers/consents-history.js';
import * as createToken from '../handlers/create-token.js';
import * as getBrandsDetails from '../handlers/get-brands-details.js';
import * as getOpenApi from '../handlers/get-openapi.js';
import * as health from '../handlers/health.js';
import * as pullPerBrandCode from '../handlers/pull-per-brand-code.js';

/**
 * Every API operation and the handler module that serves it. The local router, the CDK API and the
 * OpenAPI document are built from this list; a new operation joins all three by being added here.
 */
export interface Route {
  module: string;
  operation: Operation<unknown, unknown>;
}

const g = (o: unknown) => o as Operation<unknown, unknown>;

export function routes(): Route[] {
  return [
    { module: 'health', operation: g(health.operation) },
    { module: 'get-openapi', operation: g(getOpenApi.operation) },
    { module: 'create-token', operation: g(createToken.operation) },
    { module: 'get-brands-details', operation: g(getBrandsDetails.operation) },
    { module: 'add-consent', operation: g(addConsent.operation) },
    { module: 'add-consent-v2', operation: g(addConsentV2.operation) },
    { module: 'consent-detail', operation: g(consentDetail.operation) },
    { module: 'batch-consent-status', operation: g(batchConsentStatus.operation) },
    { module: 'consents-history', operation: g(consentsHistory.operation) },
    { module: 'pull-per-brand-code', operation: g(pullPerBrandCode.operation) },
  ];
}

export function operations(): Operation<unknown, unknown>[] {
  return routes().map((r) => r.operation);
}

// Batches and bulk files (issue 4)
import * as bfAddBatchConsent from '../handlers/add-batch-consent.js';
import * as bfAddBatchConsentV2 from '../handlers/add-batch-consent-v2.js';
import * as addConsent from '../handlers/add-consent.js';
import * as addConsentV2 from '../handlers/add-consent-v2.js';
import * as obAddRetailers from '../handlers/add-retailers.js';
import * as evAgreementDatePut from '../handlers/agreement-date-put.js';
import * as evAgreementFile from '../handlers/agreement-file.js';
import * as evAgreementFileSignature from '../handlers/agreement-file-signature.js';
import * as evAgreementTimestamp from '../handlers/agreement-timestamp.js';
import * as evAgreementsDate from '../handlers/agreements-date.js';
import * as obApplicationDetail from '../handlers/application-detail.js';
import * as obApproveApplication from '../handlers/approve-application.js';
import * as authorityComplaintsList from '../handlers/authority-complaints-list.js';
import * as authorityComplaintsUpdate from '../handlers/authority-complaints-update.js';
import * as batchConsentStatus from '../handlers/batch-consent-status.js';
import * as callCentreConsent from '../handlers/call-centre-consent.js';
import * as evChangeSummary from '../handlers/change-summary.js';
import * as evCheckpointConsistency from '../handlers/checkpoint-consistency.js';
import * as evCheckpointLatest from '../handlers/checkpoint-latest.js';
import * as citizenBrands from '../handlers/citizen-brands.js';
import * as citizenComplaintsFile from '../handlers/citizen-complaints-file.js';
import * as citizenComplaintsList from '../handlers/citizen-complaints-list.js';
import * as citizenConsentsChange from '../handlers/citizen-consents-change.js';
import * as citizenConsentsList from '../handlers/citizen-consents-list.js';
import * as citizenSessions from '../handlers/citizen-sessions.js';
import * as citizenVerifications from '../handlers/citizen-verifications.js';
import * as obCityDetails from '../handlers/city-details.js';
import * as consentDetail from '../handlers/consent-detail.js';
import * as consentsHistory from '../handlers/consents-history.js';
import * as obCreateApplication from '../handlers/create-application.js';
import * as obCreateBrand from '../handlers/create-brand.js';
import * as obCreateRetailer from '../handlers/create-retailer.js';
import * as createToken from '../handlers/create-token.js';
import * as bfCreateUpload from '../handlers/create-upload.js';
import * as obCreateUser from '../handlers/create-user.js';
import * as evDailyList from '../handlers/daily-list.js';
import * as evDailyListSignature from '../handlers/daily-list-signature.js';
import * as evDailyListTimestamp from '../handlers/daily-list-timestamp.js';
import * as obDeleteRetailer from '../handlers/delete-retailer.js';
import * as obDisableUser from '../handlers/disable-user.js';
import * as getBrandsDetails from '../handlers/get-brands-details.js';
import * as obGetCities from '../handlers/get-cities.js';
import * as obGetIntegratorSubscription from '../handlers/get-integrator-subscription.js';
import * as getOpenApi from '../handlers/get-openapi.js';
import * as obGetSubscription from '../handlers/get-subscription.js';
import * as obGetTowns from '../handlers/get-towns.js';
import * as bfGetUpload from '../handlers/get-upload.js';
import * as obGrantIntegrator from '../handlers/grant-integrator.js';
import * as health from '../handlers/health.js';
import * as obIntegratorList from '../handlers/integrator-list.js';
import * as obIntegratorListByIysCode from '../handlers/integrator-list-by-iys-code.js';
import * as obListApplications from '../handlers/list-applications.js';
import * as obListUsers from '../handlers/list-users.js';
import * as obOverrideRetailers from '../handlers/override-retailers.js';
import * as evPkiProvider from '../handlers/pki-provider.js';
import * as evPkiRoot from '../handlers/pki-root.js';
import * as evPkiTsa from '../handlers/pki-tsa.js';
import * as pullPerBrandCode from '../handlers/pull-per-brand-code.js';
import * as pushDeliveries from '../handlers/push-deliveries.js';
import * as pushRegistration from '../handlers/push-registration.js';
import * as pushRegistrationList from '../handlers/push-registration-list.js';
import * as pushUnregistration from '../handlers/push-unregistration.js';
import * as evReceipt from '../handlers/receipt.js';
import * as obRejectApplication from '../handlers/reject-application.js';
import * as rejectLinkConfirm from '../handlers/reject-link-confirm.js';
import * as rejectLinkPage from '../handlers/reject-link-page.js';
import * as obRemoveRelationBetweenRetailer from '../handlers/remove-relation-between-retailer.js';
import * as obRemoveRelationsBetweenRetailersAndConsents from '../handlers/remove-relations-between-retailers-and-consents.js';
import * as obRotatePassword from '../handlers/rotate-password.js';
import * as bfSearchRequestDetails from '../handlers/search-request-details.js';
import * as bfSearchRequestDetailsV2 from '../handlers/search-request-details-v2.js';
import * as obSearchRetailers from '../handlers/search-retailers.js';
import * as obSearchRetailersOfOneConsent from '../handlers/search-retailers-of-one-consent.js';
import * as obSearchSingleRetailer from '../handlers/search-single-retailer.js';
import * as smsInbound from '../handlers/sms-inbound.js';
import * as obTownDetails from '../handlers/town-details.js';
// Evidence and daily files (issue 5)
import * as evTsa from '../handlers/tsa.js';
import * as viaHashLinks from '../handlers/via-hash-links.js';
import type { Operation } from '../http/operation.js';
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
    // Evidence and daily files (issue 5)
    { module: 'tsa', operation: g(evTsa.operation) },
    { module: 'pki-root', operation: g(evPkiRoot.operation) },
    { module: 'pki-tsa', operation: g(evPkiTsa.operation) },
    { module: 'pki-provider', operation: g(evPkiProvider.operation) },
    { module: 'receipt', operation: g(evReceipt.operation) },
    { module: 'checkpoint-latest', operation: g(evCheckpointLatest.operation) },
    { module: 'checkpoint-consistency', operation: g(evCheckpointConsistency.operation) },
    { module: 'change-summary', operation: g(evChangeSummary.operation) },
    { module: 'agreements-date', operation: g(evAgreementsDate.operation) },
    { module: 'agreement-date-put', operation: g(evAgreementDatePut.operation) },
    { module: 'agreement-timestamp', operation: g(evAgreementTimestamp.operation) },
    { module: 'agreement-file', operation: g(evAgreementFile.operation) },
    { module: 'agreement-file-signature', operation: g(evAgreementFileSignature.operation) },
    { module: 'daily-list', operation: g(evDailyList.operation) },
    { module: 'daily-list-timestamp', operation: g(evDailyListTimestamp.operation) },
    { module: 'daily-list-signature', operation: g(evDailyListSignature.operation) },
    // Recipients, complaints, authority (issue 6)
    { module: 'citizen-verifications', operation: g(citizenVerifications.operation) },
    { module: 'citizen-sessions', operation: g(citizenSessions.operation) },
    { module: 'citizen-consents-list', operation: g(citizenConsentsList.operation) },
    { module: 'citizen-consents-change', operation: g(citizenConsentsChange.operation) },
    { module: 'citizen-brands', operation: g(citizenBrands.operation) },
    { module: 'citizen-complaints-file', operation: g(citizenComplaintsFile.operation) },
    { module: 'citizen-complaints-list', operation: g(citizenComplaintsList.operation) },
    { module: 'authority-complaints-list', operation: g(authorityComplaintsList.operation) },
    { module: 'authority-complaints-update', operation: g(authorityComplaintsUpdate.operation) },
    { module: 'sms-inbound', operation: g(smsInbound.operation) },
    { module: 'call-centre-consent', operation: g(callCentreConsent.operation) },
    { module: 'via-hash-links', operation: g(viaHashLinks.operation) },
    { module: 'reject-link-page', operation: g(rejectLinkPage.operation) },
    { module: 'reject-link-confirm', operation: g(rejectLinkConfirm.operation) },
    { module: 'push-registration', operation: g(pushRegistration.operation) },
    { module: 'push-registration-list', operation: g(pushRegistrationList.operation) },
    { module: 'push-unregistration', operation: g(pushUnregistration.operation) },
    { module: 'push-deliveries', operation: g(pushDeliveries.operation) },
    { module: 'create-retailer', operation: g(obCreateRetailer.operation) },
    { module: 'search-retailers', operation: g(obSearchRetailers.operation) },
    { module: 'search-single-retailer', operation: g(obSearchSingleRetailer.operation) },
    { module: 'delete-retailer', operation: g(obDeleteRetailer.operation) },
    { module: 'add-retailers', operation: g(obAddRetailers.operation) },
    { module: 'override-retailers', operation: g(obOverrideRetailers.operation) },
    { module: 'search-retailers-of-one-consent', operation: g(obSearchRetailersOfOneConsent.operation) },
    { module: 'remove-relation-between-retailer', operation: g(obRemoveRelationBetweenRetailer.operation) },
    {
      module: 'remove-relations-between-retailers-and-consents',
      operation: g(obRemoveRelationsBetweenRetailersAndConsents.operation),
    },
    { module: 'get-cities', operation: g(obGetCities.operation) },
    { module: 'city-details', operation: g(obCityDetails.operation) },
    { module: 'get-towns', operation: g(obGetTowns.operation) },
    { module: 'town-details', operation: g(obTownDetails.operation) },
    // Batches and bulk files (issue 4)
    { module: 'add-batch-consent', operation: g(bfAddBatchConsent.operation) },
    { module: 'add-batch-consent-v2', operation: g(bfAddBatchConsentV2.operation) },
    { module: 'search-request-details', operation: g(bfSearchRequestDetails.operation) },
    { module: 'search-request-details-v2', operation: g(bfSearchRequestDetailsV2.operation) },
    { module: 'create-upload', operation: g(bfCreateUpload.operation) },
    { module: 'get-upload', operation: g(bfGetUpload.operation) },
    { module: 'create-application', operation: g(obCreateApplication.operation) },
    { module: 'list-applications', operation: g(obListApplications.operation) },
    { module: 'application-detail', operation: g(obApplicationDetail.operation) },
    { module: 'approve-application', operation: g(obApproveApplication.operation) },
    { module: 'reject-application', operation: g(obRejectApplication.operation) },
    { module: 'create-brand', operation: g(obCreateBrand.operation) },
    { module: 'list-users', operation: g(obListUsers.operation) },
    { module: 'create-user', operation: g(obCreateUser.operation) },
    { module: 'disable-user', operation: g(obDisableUser.operation) },
    { module: 'rotate-password', operation: g(obRotatePassword.operation) },
    { module: 'grant-integrator', operation: g(obGrantIntegrator.operation) },
    { module: 'get-subscription', operation: g(obGetSubscription.operation) },
    { module: 'get-integrator-subscription', operation: g(obGetIntegratorSubscription.operation) },
    { module: 'integrator-list', operation: g(obIntegratorList.operation) },
    { module: 'integrator-list-by-iys-code', operation: g(obIntegratorListByIysCode.operation) },
  ];
}

export function operations(): Operation<unknown, unknown>[] {
  return routes().map((r) => r.operation);
}

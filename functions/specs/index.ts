import type { OperationSpec } from '../http/operation.js';
import { spec as bfAddBatchConsent } from './add-batch-consent.js';
import { spec as bfAddBatchConsentV2 } from './add-batch-consent-v2.js';
import { spec as addConsent } from './add-consent.js';
import { spec as addConsentV2 } from './add-consent-v2.js';
import { spec as obAddRetailers } from './add-retailers.js';
import { spec as evAgreementDatePut } from './agreement-date-put.js';
import { spec as evAgreementFile } from './agreement-file.js';
import { spec as evAgreementFileSignature } from './agreement-file-signature.js';
import { spec as evAgreementTimestamp } from './agreement-timestamp.js';
import { spec as evAgreementsDate } from './agreements-date.js';
import { spec as apiDocs } from './api-docs.js';
import { spec as apiDocsFile } from './api-docs-file.js';
import { spec as obApplicationDetail } from './application-detail.js';
import { spec as obApproveApplication } from './approve-application.js';
import { spec as authorityComplaintsList } from './authority-complaints-list.js';
import { spec as authorityComplaintsUpdate } from './authority-complaints-update.js';
import { spec as batchConsentStatus } from './batch-consent-status.js';
import { spec as callCentreConsent } from './call-centre-consent.js';
import { spec as obChangeSubscription } from './change-subscription.js';
import { spec as evChangeSummary } from './change-summary.js';
import { spec as evCheckpointConsistency } from './checkpoint-consistency.js';
import { spec as evCheckpointLatest } from './checkpoint-latest.js';
import { spec as citizenBrands } from './citizen-brands.js';
import { spec as citizenComplaintsFile } from './citizen-complaints-file.js';
import { spec as citizenComplaintsList } from './citizen-complaints-list.js';
import { spec as citizenConsentsChange } from './citizen-consents-change.js';
import { spec as citizenConsentsList } from './citizen-consents-list.js';
import { spec as citizenSessions } from './citizen-sessions.js';
import { spec as citizenVerifications } from './citizen-verifications.js';
import { spec as obCityDetails } from './city-details.js';
import { spec as consentDetail } from './consent-detail.js';
import { spec as consentsHistory } from './consents-history.js';
import { spec as obCreateApplication } from './create-application.js';
import { spec as obCreateBrand } from './create-brand.js';
import { spec as obCreateRetailer } from './create-retailer.js';
import { spec as createToken } from './create-token.js';
import { spec as bfCreateUpload } from './create-upload.js';
import { spec as obCreateUser } from './create-user.js';
import { spec as evDailyList } from './daily-list.js';
import { spec as evDailyListSignature } from './daily-list-signature.js';
import { spec as evDailyListTimestamp } from './daily-list-timestamp.js';
import { spec as obDeleteRetailer } from './delete-retailer.js';
import { spec as obDisableUser } from './disable-user.js';
import { spec as obEndSubscription } from './end-subscription.js';
import { spec as getBrandsDetails } from './get-brands-details.js';
import { spec as obGetCities } from './get-cities.js';
import { spec as obGetIntegratorSubscription } from './get-integrator-subscription.js';
import { spec as getOpenApi } from './get-openapi.js';
import { spec as obGetSubscription } from './get-subscription.js';
import { spec as obGetTowns } from './get-towns.js';
import { spec as bfGetUpload } from './get-upload.js';
import { spec as obGrantIntegrator } from './grant-integrator.js';
import { spec as health } from './health.js';
import { spec as obIntegratorList } from './integrator-list.js';
import { spec as obIntegratorListByIysCode } from './integrator-list-by-iys-code.js';
import { spec as obListApplications } from './list-applications.js';
import { spec as bfListUploads } from './list-uploads.js';
import { spec as obListUsers } from './list-users.js';
import { spec as obOperatorSubscription } from './operator-subscription.js';
import { spec as obOverrideRetailers } from './override-retailers.js';
import { spec as evPkiProvider } from './pki-provider.js';
import { spec as evPkiRoot } from './pki-root.js';
import { spec as evPkiTsa } from './pki-tsa.js';
import { spec as pullPerBrandCode } from './pull-per-brand-code.js';
import { spec as pushDeliveries } from './push-deliveries.js';
import { spec as pushRegistration } from './push-registration.js';
import { spec as pushRegistrationList } from './push-registration-list.js';
import { spec as pushUnregistration } from './push-unregistration.js';
import { spec as evReceipt } from './receipt.js';
import { spec as obRejectApplication } from './reject-application.js';
import { spec as rejectLinkConfirm } from './reject-link-confirm.js';
import { spec as rejectLinkPage } from './reject-link-page.js';
import { spec as obRemoveRelationBetweenRetailer } from './remove-relation-between-retailer.js';
import { spec as obRemoveRelationsBetweenRetailersAndConsents } from './remove-relations-between-retailers-and-consents.js';
import { spec as obRotatePassword } from './rotate-password.js';
import { spec as bfSearchRequestDetails } from './search-request-details.js';
import { spec as bfSearchRequestDetailsV2 } from './search-request-details-v2.js';
import { spec as obSearchRetailers } from './search-retailers.js';
import { spec as obSearchRetailersOfOneConsent } from './search-retailers-of-one-consent.js';
import { spec as obSearchSingleRetailer } from './search-single-retailer.js';
import { spec as smsInbound } from './sms-inbound.js';
import { spec as obSubscriptionHistory } from './subscription-history.js';
import { spec as obTownDetails } from './town-details.js';
import { spec as evTsa } from './tsa.js';
import { spec as viaConfirm } from './via-confirm.js';
import { spec as viaEvidenceFile } from './via-evidence-file.js';
import { spec as viaFormsCreate } from './via-forms-create.js';
import { spec as viaFormsList } from './via-forms-list.js';
import { spec as viaFrameAsset } from './via-frame-asset.js';
import { spec as viaFrameComplete } from './via-frame-complete.js';
import { spec as viaFrameLoadWidget } from './via-frame-load-widget.js';
import { spec as viaFrameLoader } from './via-frame-loader.js';
import { spec as viaFramePage } from './via-frame-page.js';
import { spec as viaFramePublicKey } from './via-frame-public-key.js';
import { spec as viaFrameStart } from './via-frame-start.js';
import { spec as viaFrameWidgetsCreate } from './via-frame-widgets-create.js';
import { spec as viaFrameWidgetsList } from './via-frame-widgets-list.js';
import { spec as viaHashLinks } from './via-hash-links.js';
import { spec as viaKvkConsent } from './via-kvk-consent.js';
import { spec as viaKvkSearch } from './via-kvk-search.js';
import { spec as viaLinkAnswer } from './via-link-answer.js';
import { spec as viaLinkPage } from './via-link-page.js';
import { spec as viaPassClarificationFile } from './via-pass-clarification-file.js';
import { spec as viaPassEmailComplete } from './via-pass-email-complete.js';
import { spec as viaPassEmailShortUrl } from './via-pass-email-short-url.js';
import { spec as viaPassEmailStart } from './via-pass-email-start.js';
import { spec as viaPassLinkConfirm } from './via-pass-link-confirm.js';
import { spec as viaPassLinkPage } from './via-pass-link-page.js';
import { spec as viaPassRequestHistory } from './via-pass-request-history.js';
import { spec as viaPassSmsComplete } from './via-pass-sms-complete.js';
import { spec as viaPassSmsShortUrl } from './via-pass-sms-short-url.js';
import { spec as viaPassSmsStart } from './via-pass-sms-start.js';
import { spec as viaPassSubscription } from './via-pass-subscription.js';
import { spec as viaPassTemplatesCreate } from './via-pass-templates-create.js';
import { spec as viaPassTemplatesList } from './via-pass-templates-list.js';
import { spec as viaRequest } from './via-request.js';
import { spec as viaStart } from './via-start.js';

/**
 * Every API operation's spec and the handler module that serves it (functions/handlers/{module}.ts). The
 * CDK API, the OpenAPI document and the local router are built from this list, which loads no runtime code;
 * a new operation joins all three by being added here (and its handler by the same name).
 */
export interface SpecRoute {
  module: string;
  spec: OperationSpec<unknown, unknown>;
}

const s = (o: unknown) => o as OperationSpec<unknown, unknown>;

export function specRoutes(): SpecRoute[] {
  return [
    { module: 'health', spec: s(health) },
    { module: 'get-openapi', spec: s(getOpenApi) },
    { module: 'api-docs', spec: s(apiDocs) },
    { module: 'api-docs-file', spec: s(apiDocsFile) },
    { module: 'create-token', spec: s(createToken) },
    { module: 'get-brands-details', spec: s(getBrandsDetails) },
    { module: 'add-consent', spec: s(addConsent) },
    { module: 'add-consent-v2', spec: s(addConsentV2) },
    { module: 'consent-detail', spec: s(consentDetail) },
    { module: 'batch-consent-status', spec: s(batchConsentStatus) },
    { module: 'consents-history', spec: s(consentsHistory) },
    { module: 'pull-per-brand-code', spec: s(pullPerBrandCode) },
    // Evidence and daily files (issue 5)
    { module: 'tsa', spec: s(evTsa) },
    { module: 'pki-root', spec: s(evPkiRoot) },
    { module: 'pki-tsa', spec: s(evPkiTsa) },
    { module: 'pki-provider', spec: s(evPkiProvider) },
    { module: 'receipt', spec: s(evReceipt) },
    { module: 'checkpoint-latest', spec: s(evCheckpointLatest) },
    { module: 'checkpoint-consistency', spec: s(evCheckpointConsistency) },
    { module: 'change-summary', spec: s(evChangeSummary) },
    { module: 'agreements-date', spec: s(evAgreementsDate) },
    { module: 'agreement-date-put', spec: s(evAgreementDatePut) },
    { module: 'agreement-timestamp', spec: s(evAgreementTimestamp) },
    { module: 'agreement-file', spec: s(evAgreementFile) },
    { module: 'agreement-file-signature', spec: s(evAgreementFileSignature) },
    { module: 'daily-list', spec: s(evDailyList) },
    { module: 'daily-list-timestamp', spec: s(evDailyListTimestamp) },
    { module: 'daily-list-signature', spec: s(evDailyListSignature) },
    // Recipients, complaints, authority (issue 6)
    { module: 'citizen-verifications', spec: s(citizenVerifications) },
    { module: 'citizen-sessions', spec: s(citizenSessions) },
    { module: 'citizen-consents-list', spec: s(citizenConsentsList) },
    { module: 'citizen-consents-change', spec: s(citizenConsentsChange) },
    { module: 'citizen-brands', spec: s(citizenBrands) },
    { module: 'citizen-complaints-file', spec: s(citizenComplaintsFile) },
    { module: 'citizen-complaints-list', spec: s(citizenComplaintsList) },
    { module: 'authority-complaints-list', spec: s(authorityComplaintsList) },
    { module: 'authority-complaints-update', spec: s(authorityComplaintsUpdate) },
    { module: 'sms-inbound', spec: s(smsInbound) },
    { module: 'call-centre-consent', spec: s(callCentreConsent) },
    { module: 'via-hash-links', spec: s(viaHashLinks) },
    { module: 'reject-link-page', spec: s(rejectLinkPage) },
    { module: 'reject-link-confirm', spec: s(rejectLinkConfirm) },
    { module: 'push-registration', spec: s(pushRegistration) },
    { module: 'push-registration-list', spec: s(pushRegistrationList) },
    { module: 'push-unregistration', spec: s(pushUnregistration) },
    { module: 'push-deliveries', spec: s(pushDeliveries) },
    { module: 'create-retailer', spec: s(obCreateRetailer) },
    { module: 'search-retailers', spec: s(obSearchRetailers) },
    { module: 'search-single-retailer', spec: s(obSearchSingleRetailer) },
    { module: 'delete-retailer', spec: s(obDeleteRetailer) },
    { module: 'add-retailers', spec: s(obAddRetailers) },
    { module: 'override-retailers', spec: s(obOverrideRetailers) },
    { module: 'search-retailers-of-one-consent', spec: s(obSearchRetailersOfOneConsent) },
    { module: 'remove-relation-between-retailer', spec: s(obRemoveRelationBetweenRetailer) },
    {
      module: 'remove-relations-between-retailers-and-consents',
      spec: s(obRemoveRelationsBetweenRetailersAndConsents),
    },
    { module: 'get-cities', spec: s(obGetCities) },
    { module: 'city-details', spec: s(obCityDetails) },
    { module: 'get-towns', spec: s(obGetTowns) },
    { module: 'town-details', spec: s(obTownDetails) },
    // Batches and bulk files (issue 4)
    { module: 'add-batch-consent', spec: s(bfAddBatchConsent) },
    { module: 'add-batch-consent-v2', spec: s(bfAddBatchConsentV2) },
    { module: 'search-request-details', spec: s(bfSearchRequestDetails) },
    { module: 'search-request-details-v2', spec: s(bfSearchRequestDetailsV2) },
    { module: 'create-upload', spec: s(bfCreateUpload) },
    { module: 'get-upload', spec: s(bfGetUpload) },
    { module: 'list-uploads', spec: s(bfListUploads) },
    { module: 'create-application', spec: s(obCreateApplication) },
    { module: 'list-applications', spec: s(obListApplications) },
    { module: 'application-detail', spec: s(obApplicationDetail) },
    { module: 'approve-application', spec: s(obApproveApplication) },
    { module: 'reject-application', spec: s(obRejectApplication) },
    { module: 'create-brand', spec: s(obCreateBrand) },
    { module: 'list-users', spec: s(obListUsers) },
    { module: 'create-user', spec: s(obCreateUser) },
    { module: 'disable-user', spec: s(obDisableUser) },
    { module: 'rotate-password', spec: s(obRotatePassword) },
    { module: 'grant-integrator', spec: s(obGrantIntegrator) },
    { module: 'get-subscription', spec: s(obGetSubscription) },
    { module: 'get-integrator-subscription', spec: s(obGetIntegratorSubscription) },
    { module: 'operator-subscription', spec: s(obOperatorSubscription) },
    { module: 'change-subscription', spec: s(obChangeSubscription) },
    { module: 'end-subscription', spec: s(obEndSubscription) },
    { module: 'subscription-history', spec: s(obSubscriptionHistory) },
    { module: 'integrator-list', spec: s(obIntegratorList) },
    { module: 'integrator-list-by-iys-code', spec: s(obIntegratorListByIysCode) },
    // ViA core (issue 14): the static path consent/status before consent/{requestId}
    { module: 'via-start', spec: s(viaStart) },
    { module: 'via-confirm', spec: s(viaConfirm) },
    { module: 'via-request', spec: s(viaRequest) },
    { module: 'via-kvk-search', spec: s(viaKvkSearch) },
    { module: 'via-kvk-consent', spec: s(viaKvkConsent) },
    { module: 'via-evidence-file', spec: s(viaEvidenceFile) },
    { module: 'via-link-page', spec: s(viaLinkPage) },
    { module: 'via-link-answer', spec: s(viaLinkAnswer) },
    { module: 'via-forms-create', spec: s(viaFormsCreate) },
    { module: 'via-forms-list', spec: s(viaFormsList) },
    // ViA PASS (issue 14, docs/via-pass.md)
    { module: 'via-pass-sms-start', spec: s(viaPassSmsStart) },
    { module: 'via-pass-sms-complete', spec: s(viaPassSmsComplete) },
    { module: 'via-pass-email-start', spec: s(viaPassEmailStart) },
    { module: 'via-pass-email-complete', spec: s(viaPassEmailComplete) },
    { module: 'via-pass-sms-short-url', spec: s(viaPassSmsShortUrl) },
    { module: 'via-pass-email-short-url', spec: s(viaPassEmailShortUrl) },
    { module: 'via-pass-clarification-file', spec: s(viaPassClarificationFile) },
    { module: 'via-pass-request-history', spec: s(viaPassRequestHistory) },
    { module: 'via-pass-subscription', spec: s(viaPassSubscription) },
    { module: 'via-pass-templates-create', spec: s(viaPassTemplatesCreate) },
    { module: 'via-pass-templates-list', spec: s(viaPassTemplatesList) },
    { module: 'via-pass-link-page', spec: s(viaPassLinkPage) },
    { module: 'via-pass-link-confirm', spec: s(viaPassLinkConfirm) },
    // ViA Frame (issue 14 part 5, docs/via-frame.md)
    { module: 'via-frame-widgets-create', spec: s(viaFrameWidgetsCreate) },
    { module: 'via-frame-widgets-list', spec: s(viaFrameWidgetsList) },
    { module: 'via-frame-loader', spec: s(viaFrameLoader) },
    { module: 'via-frame-public-key', spec: s(viaFramePublicKey) },
    { module: 'via-frame-load-widget', spec: s(viaFrameLoadWidget) },
    { module: 'via-frame-page', spec: s(viaFramePage) },
    { module: 'via-frame-asset', spec: s(viaFrameAsset) },
    { module: 'via-frame-start', spec: s(viaFrameStart) },
    { module: 'via-frame-complete', spec: s(viaFrameComplete) },
  ];
}

export function specs(): OperationSpec<unknown, unknown>[] {
  return specRoutes().map((r) => r.spec);
}

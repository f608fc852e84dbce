/**
 * What each function may touch, declared per handler module (functions/handlers/<module>.ts): the API
 * operations of functions/specs/index.ts, the authorizer, and the consumers and jobs of
 * functions/specs/resources.ts. The stateless stack grants exactly this (lib/constructs/grants.ts) and reads
 * no handler code to decide it. test/infra/permissions.test.ts checks the synthesised policies against it, and
 * this declaration against what the module's code reaches: a resource the code uses and the declaration
 * lacks fails, and so does a grant the code never uses. Tables and buckets are `readWrite` wherever the code
 * reaches a store that writes them (the stores read and write in the same file). Plain data: no imports.
 */

/** Resource ids of functions/specs/resources.ts (test/infra/permissions.test.ts keeps the lists equal). */
export type TableId = 'Consents' | 'Registry' | 'Evidence';
export type BucketId = 'Uploads' | 'Reports';
export type QueueId = 'BatchConsents' | 'BulkUploads' | 'BulkChunks' | 'Push';
export type RegistryKeyId = 'RegistryKey' | 'TokenSigningKey' | 'RootCaKey' | 'TsaKey';

/** Items (tables, with their named indexes) or objects (buckets, with listing): read, or read and write. */
export type Access = 'read' | 'readWrite';

/**
 * A registry key's use: `encryptDecrypt` (Encrypt, Decrypt, GenerateDataKey: ENCRYPT_DECRYPT keys), `verify`
 * (GetPublicKey) or `sign` (Sign and GetPublicKey: SIGN_VERIFY keys).
 */
export type KeyUse = 'encryptDecrypt' | 'verify' | 'sign';

/**
 * The per-provider keys, created at onboarding (ARNs unknown at deploy time, so scoped by tag and alias):
 * `create` creates and aliases them, `dataKeys` generates and decrypts data keys under them (envelope
 * encryption, wrapped secrets), `sign` signs with a provider's signing key.
 */
export type ProviderKeyUse = 'create' | 'dataKeys' | 'sign';

export interface FunctionGrants {
  tables?: Partial<Record<TableId, Access>>;
  /** Tables whose stream the function reads itself (not through an event source mapping). */
  streams?: TableId[];
  buckets?: Partial<Record<BucketId, Access>>;
  /** Queues the function sends to. */
  queues?: QueueId[];
  keys?: Partial<Record<RegistryKeyId, KeyUse>>;
  providerKeys?: ProviderKeyUse[];
  /** Sends SMS (SNS Publish) and e-mail (SES SendEmail) through the outbox. */
  messaging?: true;
}

/**
 * ViA's reads (getViaRequest, getKVKConsent, searchKVKConsent, the evidence file, the forms list;
 * functions/wiring/via-reads.ts): the Registry table (written only by the request limits' counters) and the
 * provider's data keys to open what is sealed.
 */
const VIA_READS: FunctionGrants = {
  tables: { Registry: 'readWrite' },
  keys: { RegistryKey: 'encryptDecrypt' },
  providerKeys: ['dataKeys'],
};

export const grants: Readonly<Record<string, FunctionGrants>> = {
  // Verifies tokens with the cached public key (no kms:Sign) and reads users' token states (cached).
  authorizer: { tables: { Registry: 'read' }, keys: { TokenSigningKey: 'verify' } },
  // Public, no rights, no recipient session: apiHandler touches nothing for them.
  health: {},
  'get-openapi': {},
  // The API reference page and its files (Swagger UI from the package, read from the function's own asset).
  'api-docs': {},
  'api-docs-file': {},
  // Signs access and refresh tokens: with citizen-sessions the only kms:Sign on the token key.
  'create-token': { tables: { Registry: 'readWrite' }, keys: { TokenSigningKey: 'sign' } },
  'get-brands-details': { tables: { Registry: 'readWrite' } },
  'add-consent': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'add-consent-v2': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'consent-detail': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'batch-consent-status': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'consents-history': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'pull-per-brand-code': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  // Evidence and daily files (issue 5)
  tsa: {
    tables: { Consents: 'readWrite', Evidence: 'readWrite' },
    keys: { RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['sign'],
  },
  'pki-root': {
    tables: { Consents: 'readWrite', Evidence: 'readWrite' },
    keys: { RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['sign'],
  },
  'pki-tsa': {
    tables: { Consents: 'readWrite', Evidence: 'readWrite' },
    keys: { RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['sign'],
  },
  'pki-provider': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['sign'],
  },
  receipt: {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'checkpoint-latest': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'checkpoint-consistency': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'change-summary': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'agreements-date': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'agreement-date-put': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'agreement-timestamp': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'agreement-file': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'agreement-file-signature': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'daily-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'daily-list-timestamp': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'daily-list-signature': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  // Recipients, complaints, authority (issue 6)
  'citizen-verifications': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  // Signs the recipient's session token (citizen-session.issueSession).
  'citizen-sessions': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'sign' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'citizen-consents-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'citizen-consents-change': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'citizen-brands': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'citizen-complaints-file': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
  },
  'citizen-complaints-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
  },
  'authority-complaints-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
  },
  'authority-complaints-update': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
  },
  'sms-inbound': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'call-centre-consent': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'via-hash-links': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'reject-link-page': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  // ViA Frame (docs/via-frame.md): widgets, nonces and sessions in the Registry table; digests under the
  // registry's ViA Frame secret, wrapped by the registry key (the store's module also reaches the provider
  // keys' data-key calls through provider-keys.ts).
  'via-frame-widgets-create': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-frame-widgets-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-frame-loader': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'via-frame-public-key': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'via-frame-load-widget': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'via-frame-page': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'via-frame-asset': {},
  // The process requests reach the ViA core (its requests, the outbox, the consent write path, the evidence).
  'via-frame-start': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-frame-complete': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'reject-link-confirm': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  // Push registrations and deliveries
  'push-registration': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    queues: ['Push'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'push-registration-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    queues: ['Push'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'push-unregistration': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    queues: ['Push'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'push-deliveries': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    queues: ['Push'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  // Retailers and places
  'create-retailer': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'search-retailers': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'search-single-retailer': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'delete-retailer': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'add-retailers': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'override-retailers': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'search-retailers-of-one-consent': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'remove-relation-between-retailer': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'remove-relations-between-retailers-and-consents': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'get-cities': { tables: { Registry: 'readWrite' } },
  'city-details': { tables: { Registry: 'readWrite' } },
  'get-towns': { tables: { Registry: 'readWrite' } },
  'town-details': { tables: { Registry: 'readWrite' } },
  // Batches and bulk files (issue 4)
  // The API side only accepts and reports: the consent write path runs in the workers (bulk-worker, batch-worker).
  'add-batch-consent': { tables: { Registry: 'readWrite' }, queues: ['BatchConsents'] },
  'add-batch-consent-v2': { tables: { Registry: 'readWrite' }, queues: ['BatchConsents'] },
  'search-request-details': { tables: { Registry: 'readWrite' } },
  'search-request-details-v2': { tables: { Registry: 'readWrite' } },
  'create-upload': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite', Reports: 'readWrite' },
  },
  'get-upload': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite', Reports: 'readWrite' },
  },
  'list-uploads': { tables: { Registry: 'readWrite' } },
  // Onboarding and administration
  'create-application': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'list-applications': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'application-detail': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  // Approval creates the provider and its keys: the only API function with kms:CreateKey.
  'approve-application': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['create', 'dataKeys'],
    messaging: true,
  },
  'reject-application': {
    tables: { Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
    messaging: true,
  },
  'create-brand': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'list-users': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'create-user': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'disable-user': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'rotate-password': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'grant-integrator': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'get-subscription': { tables: { Consents: 'readWrite', Registry: 'readWrite' } },
  'operator-subscription': { tables: { Consents: 'readWrite', Registry: 'readWrite' } },
  'change-subscription': { tables: { Consents: 'readWrite', Registry: 'readWrite' } },
  'end-subscription': { tables: { Consents: 'readWrite', Registry: 'readWrite' } },
  'subscription-history': { tables: { Consents: 'readWrite', Registry: 'readWrite' } },
  'get-integrator-subscription': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'integrator-list': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'integrator-list-by-iys-code': {
    tables: { Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  // Queue consumers, the Consents stream consumer and the scheduled jobs (functions/specs/resources.ts)
  'batch-worker': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'bulk-splitter': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite', Reports: 'readWrite' },
    queues: ['BulkChunks'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'bulk-worker': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    buckets: { Uploads: 'readWrite', Reports: 'readWrite' },
    queues: ['BulkChunks'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'push-worker': {
    tables: { Consents: 'readWrite', Registry: 'readWrite' },
    queues: ['Push'],
    keys: { RegistryKey: 'encryptDecrypt' },
    providerKeys: ['dataKeys'],
  },
  'consents-stream': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    queues: ['Push'],
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  'seal-job': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  // Reads the Consents stream itself (its ARN arrives in IYS_STREAM_CONSENTS).
  'watermark-job': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    streams: ['Consents'],
  },
  'daily-job': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    buckets: { Reports: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
  },
  // ViA core (issue 14): the writes' wiring (functions/wiring/via.ts) reaches the consent write path, the outbox and
  // the registry's PKI for the evidence file (certificates in the Evidence table, root and TSA keys).
  'via-start': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-confirm': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-request': VIA_READS,
  'via-kvk-search': VIA_READS,
  'via-kvk-consent': VIA_READS,
  'via-evidence-file': VIA_READS,
  'via-link-page': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-link-answer': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-forms-create': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', TokenSigningKey: 'verify', RootCaKey: 'sign', TsaKey: 'sign' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-forms-list': VIA_READS,
  // ViA PASS (docs/via-pass.md): one wiring, so each reaches the registry secret, the TSA (adapters/certificates.ts,
  // which holds the provider certificates too) and the outbox.
  'via-pass-sms-start': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-sms-complete': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-email-start': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-email-complete': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-sms-short-url': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-email-short-url': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-clarification-file': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-request-history': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-subscription': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-templates-create': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-templates-list': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-link-page': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
  'via-pass-link-confirm': {
    tables: { Consents: 'readWrite', Registry: 'readWrite', Evidence: 'readWrite' },
    keys: { RegistryKey: 'encryptDecrypt', RootCaKey: 'sign', TsaKey: 'sign', TokenSigningKey: 'verify' },
    providerKeys: ['dataKeys', 'sign'],
    messaging: true,
  },
};

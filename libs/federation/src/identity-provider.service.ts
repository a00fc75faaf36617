import { randomUUID } from 'node:crypto';
import { NotFoundError, PreconditionFailedError, ValidationError, type FieldIssue } from '@idplane/errors';
import {
  extraCustomAttributes,
  MAX_POOL_CLAIM_ATTRIBUTES,
  resolveAttributeMapping,
  type AttributeMappingEntry,
} from './attribute-mapping';
import { cognitoProviderNameFor, identityProviderNameProblem, poolKeyFor } from './cognito-provider-name';
import { normalizeEmailDomains } from './email-domain';
import { FederationValidationError, type ValidationIssue } from './federation-validation.error';
import {
  COGNITO_PROVIDER_TYPES,
  type IdentityProvider,
  type IdentityProviderDetails,
  type OidcAttributesRequestMethod,
  type OidcProviderDetails,
  type SamlProviderDetails,
  type SamlRequestSigningAlgorithm,
  type SamlSummary,
  type SocialProviderDetails,
  type SocialProviderType,
  type StoredIdentityProvider,
} from './identity-provider';
import type {
  IdentityProviderStore,
  IdentityProviderTenant,
  IdentityProviderWrite,
} from './identity-provider-store';
import { discoveryUrlFor, validateOidcDiscovery } from './oidc-discovery.validator';
import { SafeFetchError } from './safe-fetch.error';
import type { SafeFetchRequest, SafeFetchResponse } from './safe-fetch';
import { parseSamlMetadata } from './saml-metadata.parser';

/** Seals a secret for storage, bound to a context; SecretCipher is the production implementation. */
export interface SecretSealer {
  encrypt(plaintext: string, context: string): string;
}

/** Fetches an admin-supplied URL; SafeFetcher is the production implementation. */
export interface MetadataFetcher {
  fetch(url: string, request?: SafeFetchRequest): Promise<SafeFetchResponse>;
}

export interface IdentityProviderServiceOptions {
  /** Accept http issuers and metadata URLs: development IdPs only. */
  readonly allowHttp?: boolean;
  /** Certificates expiring within this many days come back as warnings (IDP_CERT_EXPIRY_WARNING_DAYS). */
  readonly expiryWarningDays?: number;
  readonly now?: () => Date;
}

/**
 * What a scheduled metadata refresh did: `unchanged` writes nothing; `updated` stored the new metadata with a
 * generation bump and a reconcile intent, as an admin's update would.
 */
export type SamlMetadataRefresh =
  | { readonly outcome: 'unchanged' }
  | {
      readonly outcome: 'updated';
      readonly identityProvider: IdentityProvider;
      readonly warnings: readonly string[];
    };

export interface AddSamlIdentityProviderInput {
  readonly name: string;
  readonly metadataXml?: string | null;
  readonly metadataUrl?: string | null;
  readonly emailDomains?: readonly string[] | null;
  readonly attributeMapping?: readonly AttributeMappingEntry[] | null;
  readonly idpInitiatedSignOn?: boolean | null;
  readonly signOut?: boolean | null;
  readonly requestSigningAlgorithm?: SamlRequestSigningAlgorithm | null;
  readonly encryptedResponses?: boolean | null;
}

export interface AddOidcIdentityProviderInput {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string | null;
  readonly scopes?: readonly string[] | null;
  readonly attributesRequestMethod?: OidcAttributesRequestMethod | null;
  readonly attributeMapping?: readonly AttributeMappingEntry[] | null;
  readonly emailDomains?: readonly string[] | null;
}

export interface AddSocialIdentityProviderInput {
  readonly type: SocialProviderType;
  readonly clientId: string;
  /** Google, Facebook and Login with Amazon. */
  readonly clientSecret?: string | null;
  readonly scopes?: readonly string[] | null;
  readonly attributeMapping?: readonly AttributeMappingEntry[] | null;
  /** Sign in with Apple: the team id, key id and the private key (PEM) of the Services ID. */
  readonly teamId?: string | null;
  readonly keyId?: string | null;
  readonly privateKey?: string | null;
}

/** Fields left out keep their value; a secret left out keeps the stored one. The name and type never change. */
export interface UpdateIdentityProviderInput {
  readonly id: string;
  readonly expectedVersion: number;
  readonly emailDomains?: readonly string[] | null;
  readonly attributeMapping?: readonly AttributeMappingEntry[] | null;
  readonly metadataXml?: string | null;
  readonly metadataUrl?: string | null;
  readonly idpInitiatedSignOn?: boolean | null;
  readonly signOut?: boolean | null;
  readonly requestSigningAlgorithm?: SamlRequestSigningAlgorithm | null;
  readonly encryptedResponses?: boolean | null;
  readonly issuer?: string | null;
  readonly clientId?: string | null;
  readonly clientSecret?: string | null;
  readonly scopes?: readonly string[] | null;
  readonly attributesRequestMethod?: OidcAttributesRequestMethod | null;
  readonly teamId?: string | null;
  readonly keyId?: string | null;
  readonly privateKey?: string | null;
}

export interface IdentityProviderChange {
  readonly identityProvider: IdentityProvider;
  /** Accepted, but worth the admin's attention: expiring certificates, a passed validUntil, and the like. */
  readonly warnings: readonly string[];
}

const DEFAULT_SCOPES: Readonly<Record<'OIDC' | SocialProviderType, readonly string[]>> = {
  OIDC: ['openid', 'email', 'profile'],
  GOOGLE: ['openid', 'email', 'profile'],
  FACEBOOK: ['public_profile', 'email'],
  LOGIN_WITH_AMAZON: ['profile'],
  SIGN_IN_WITH_APPLE: ['email', 'name'],
};
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;
const CLIENT_ID = /^[\x21-\x7E]{1,256}$/;
const MAX_SECRET_LENGTH = 4096;
const APPLE_ID = /^[A-Z0-9]{10}$/;
const CLOSED_STATUSES = new Set(['DELETING', 'DELETED']);

/**
 * Application service for a tenant's identity providers. Everything the admin sends is fetched, parsed and
 * validated before anything is stored; secrets are sealed here and never come back out. Never calls Cognito: each
 * write bumps the tenant's generation, and the reconciler makes Cognito match.
 */
export class IdentityProviderService {
  private readonly allowHttp: boolean;
  private readonly expiryWarningDays: number | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly store: IdentityProviderStore,
    private readonly sealer: SecretSealer,
    private readonly fetcher: MetadataFetcher,
    options: IdentityProviderServiceOptions = {},
  ) {
    this.allowHttp = options.allowHttp ?? false;
    this.expiryWarningDays = options.expiryWarningDays;
    this.now = options.now ?? (() => new Date());
  }

  async listIdentityProviders(tenantId: string): Promise<IdentityProvider[]> {
    await this.openTenant(tenantId, false);
    return (await this.store.list(tenantId)).map(withoutSecret);
  }

  /** Any tenant's provider by its id, or null; the caller decides whether the asker may see that tenant. */
  async findIdentityProvider(id: string): Promise<IdentityProvider | null> {
    const stored = await this.store.findById(id);
    return stored ? withoutSecret(stored) : null;
  }

  async addSamlIdentityProvider(
    tenantId: string,
    input: AddSamlIdentityProviderInput,
  ): Promise<IdentityProviderChange> {
    const tenant = await this.openTenant(tenantId, true);
    const issues: FieldIssue[] = [];
    checkName(input.name, issues);
    const domains = this.emailDomains(input.emailDomains, issues);
    const mapping = attributeMapping('SAML', tenant, input.attributeMapping, issues);
    const metadata = this.metadataSource(input.metadataXml, input.metadataUrl, issues);
    throwIfAny(issues);
    await this.refuseFullPoolSchema(tenant, mapping, null);
    const saml = await this.readSamlMetadata(metadata as MetadataSource);
    const details: SamlProviderDetails = {
      type: 'SAML',
      metadataUrl: saml.metadataUrl,
      metadataXml: saml.metadataXml,
      idpInitiatedSignOn: input.idpInitiatedSignOn ?? false,
      signOut: input.signOut ?? false,
      requestSigningAlgorithm: input.requestSigningAlgorithm ?? null,
      encryptedResponses: input.encryptedResponses ?? false,
    };
    const stored = await this.store.insert(
      this.newWrite(tenant, input.name, details, mapping, domains, saml.summary, null),
    );
    return { identityProvider: withoutSecret(stored), warnings: saml.warnings };
  }

  async addOidcIdentityProvider(
    tenantId: string,
    input: AddOidcIdentityProviderInput,
  ): Promise<IdentityProviderChange> {
    const tenant = await this.openTenant(tenantId, true);
    const issues: FieldIssue[] = [];
    checkName(input.name, issues);
    checkClientId(input.clientId, issues);
    const secret = optionalSecret(input.clientSecret, 'input.clientSecret', issues);
    const scopes = checkScopes(input.scopes, DEFAULT_SCOPES.OIDC, true, issues);
    const domains = this.emailDomains(input.emailDomains, issues);
    const mapping = attributeMapping('OIDC', tenant, input.attributeMapping, issues);
    throwIfAny(issues);
    await this.refuseFullPoolSchema(tenant, mapping, null);
    const discovered = await this.discover(input.issuer);
    const details: OidcProviderDetails = {
      type: 'OIDC',
      issuer: discovered.issuer,
      clientId: input.clientId,
      scopes,
      attributesRequestMethod: input.attributesRequestMethod ?? 'GET',
      authorizeUrl: discovered.authorizationEndpoint,
      tokenUrl: discovered.tokenEndpoint,
      jwksUri: discovered.jwksUri,
      attributesUrl: discovered.userinfoEndpoint,
    };
    const write = this.newWrite(tenant, input.name, details, mapping, domains, null, secret);
    const stored = await this.store.insert(write);
    return { identityProvider: withoutSecret(stored), warnings: discovered.warnings };
  }

  async addSocialIdentityProvider(
    tenantId: string,
    input: AddSocialIdentityProviderInput,
  ): Promise<IdentityProviderChange> {
    const tenant = await this.openTenant(tenantId, true);
    if (tenant.isolationModel === 'SHARED_POOL') {
      // Cognito names social providers after their type, one per pool: in a shared pool one tenant's Google
      // app would sign in every tenant's users.
      throw new PreconditionFailedError(
        'social identity providers need a dedicated user pool: Cognito allows one of each type per pool',
        'tenantId',
      );
    }
    const issues: FieldIssue[] = [];
    const resolved = socialDetails(input, null, issues);
    const mapping = attributeMapping(input.type, tenant, input.attributeMapping, issues);
    throwIfAny(issues);
    await this.refuseFullPoolSchema(tenant, mapping, null);
    const name = COGNITO_PROVIDER_TYPES[input.type];
    const stored = await this.store.insert(
      this.newWrite(tenant, name, resolved.details, mapping, [], null, resolved.secret),
    );
    return { identityProvider: withoutSecret(stored), warnings: [] };
  }

  async updateIdentityProvider(
    tenantId: string,
    input: UpdateIdentityProviderInput,
  ): Promise<IdentityProviderChange> {
    const tenant = await this.openTenant(tenantId, true);
    const current = await this.store.find(tenantId, input.id);
    if (current === null) throw new NotFoundError(`identity provider ${input.id} does not exist`, 'input.id');
    const issues: FieldIssue[] = [];
    refuseFieldsOf(current.details.type, input, issues);
    const domains =
      input.emailDomains === undefined || input.emailDomains === null
        ? current.emailDomains
        : this.emailDomains(input.emailDomains, issues);
    const mapping =
      input.attributeMapping === undefined || input.attributeMapping === null
        ? current.attributeMapping
        : attributeMapping(current.type, tenant, input.attributeMapping, issues);
    let details: IdentityProviderDetails = current.details;
    let saml: SamlSummary | null = current.saml;
    let secret: string | null | undefined;
    let warnings: readonly string[] = [];

    if (details.type === 'SAML') {
      const samlDetails = details;
      const given = input.metadataXml != null || input.metadataUrl != null;
      const source = given ? this.metadataSource(input.metadataXml, input.metadataUrl, issues) : null;
      throwIfAny(issues);
      let read: { metadataUrl: string | null; metadataXml: string } = samlDetails;
      if (source !== null) {
        const fresh = await this.readSamlMetadata(source);
        read = fresh;
        saml = fresh.summary;
        warnings = fresh.warnings;
      }
      details = {
        ...samlDetails,
        metadataUrl: read.metadataUrl,
        metadataXml: read.metadataXml,
        idpInitiatedSignOn: input.idpInitiatedSignOn ?? samlDetails.idpInitiatedSignOn,
        signOut: input.signOut ?? samlDetails.signOut,
        requestSigningAlgorithm:
          input.requestSigningAlgorithm === undefined
            ? samlDetails.requestSigningAlgorithm
            : input.requestSigningAlgorithm,
        encryptedResponses: input.encryptedResponses ?? samlDetails.encryptedResponses,
      };
    } else if (details.type === 'OIDC') {
      const oidc = details;
      if (input.clientId != null) checkClientId(input.clientId, issues);
      secret =
        input.clientSecret == null
          ? undefined
          : optionalSecret(input.clientSecret, 'input.clientSecret', issues);
      const scopes =
        input.scopes == null ? oidc.scopes : checkScopes(input.scopes, oidc.scopes, true, issues);
      throwIfAny(issues);
      let endpoints: Pick<
        OidcProviderDetails,
        'issuer' | 'authorizeUrl' | 'tokenUrl' | 'jwksUri' | 'attributesUrl'
      > = oidc;
      if (input.issuer != null) {
        const discovered = await this.discover(input.issuer);
        warnings = discovered.warnings;
        endpoints = {
          issuer: discovered.issuer,
          authorizeUrl: discovered.authorizationEndpoint,
          tokenUrl: discovered.tokenEndpoint,
          jwksUri: discovered.jwksUri,
          attributesUrl: discovered.userinfoEndpoint,
        };
      }
      details = {
        ...oidc,
        ...endpoints,
        clientId: input.clientId ?? oidc.clientId,
        scopes,
        attributesRequestMethod: input.attributesRequestMethod ?? oidc.attributesRequestMethod,
      };
    } else {
      const resolved = socialDetails(
        { ...details, ...definedOnly(input), type: details.type },
        details,
        issues,
      );
      throwIfAny(issues);
      details = resolved.details;
      secret = resolved.secret ?? undefined;
    }
    throwIfAny(issues);
    if (input.attributeMapping != null) await this.refuseFullPoolSchema(tenant, mapping, current.id);

    const write: IdentityProviderWrite = {
      ...this.baseWrite(tenant, current.id, current.name, details, mapping, domains, saml),
      secretCiphertext:
        secret === undefined || secret === null ? current.secretCiphertext : this.seal(current.id, secret),
    };
    const stored = await this.store.update(write, input.expectedVersion);
    return { identityProvider: withoutSecret(stored), warnings };
  }

  /**
   * Fetches a SAML IdP's metadataUrl again and, when what Cognito acts on changed (a rotated certificate, say),
   * stores it like updateIdentityProvider does: version and generation bumped, reconcile intent committed with it.
   * A fetch failure throws SafeFetchError and invalid metadata ValidationError; either way nothing is written.
   * An admin's concurrent edit wins (ConflictError); the next refresh looks again.
   */
  async refreshSamlMetadata(tenantId: string, id: string): Promise<SamlMetadataRefresh> {
    const tenant = await this.openTenant(tenantId, true);
    const current = await this.store.find(tenantId, id);
    if (current === null) throw new NotFoundError(`identity provider ${id} does not exist`, 'id');
    const details = current.details;
    if (details.type !== 'SAML' || details.metadataUrl === null) {
      throw new PreconditionFailedError(`identity provider ${current.name} has no metadata URL`, 'id');
    }
    const fetched = await this.fetcher.fetch(details.metadataUrl, { accept: SAML_METADATA_ACCEPT });
    const fresh = this.summarizeSamlMetadata(fetched.body, details.metadataUrl, 'metadataUrl');
    if (!samlSummaryChanged(current.saml, fresh.summary)) return { outcome: 'unchanged' };
    const write: IdentityProviderWrite = {
      ...this.baseWrite(
        tenant,
        current.id,
        current.name,
        { ...details, metadataXml: fresh.metadataXml },
        current.attributeMapping,
        current.emailDomains,
        fresh.summary,
      ),
      secretCiphertext: current.secretCiphertext,
    };
    const stored = await this.store.update(write, current.version);
    return { outcome: 'updated', identityProvider: withoutSecret(stored), warnings: fresh.warnings };
  }

  async removeIdentityProvider(
    tenantId: string,
    id: string,
    expectedVersion: number,
  ): Promise<IdentityProvider> {
    await this.openTenant(tenantId, true);
    const current = await this.store.find(tenantId, id);
    if (current === null) throw new NotFoundError(`identity provider ${id} does not exist`, 'id');
    await this.store.remove(tenantId, id, expectedVersion);
    return withoutSecret(current);
  }

  /**
   * A dedicated pool holds 50 custom attributes, two of them idplane's, and Cognito never removes one: the custom
   * attributes all of the tenant's IdPs map to must fit, or the reconcile would fail for good on AddCustomAttributes.
   */
  private async refuseFullPoolSchema(
    tenant: IdentityProviderTenant,
    mapping: Readonly<Record<string, string>>,
    replacing: string | null,
  ): Promise<void> {
    if (tenant.isolationModel !== 'DEDICATED_POOL' || extraCustomAttributes(mapping).length === 0) return;
    const others = (await this.store.list(tenant.id)).filter((p) => p.id !== replacing);
    const all = new Set([mapping, ...others.map((p) => p.attributeMapping)].flatMap(extraCustomAttributes));
    if (all.size > MAX_POOL_CLAIM_ATTRIBUTES) {
      throw new ValidationError([
        {
          field: 'input.attributeMapping',
          message: `the tenant's identity providers would map ${all.size} custom attributes; a user pool has room for ${MAX_POOL_CLAIM_ATTRIBUTES} (Cognito's 50, less idplane's two)`,
        },
      ]);
    }
  }

  private async openTenant(tenantId: string, forWrite: boolean): Promise<IdentityProviderTenant> {
    const tenant = await this.store.findTenant(tenantId);
    if (tenant === null || tenant.status === 'DELETED') {
      throw new NotFoundError(`tenant ${tenantId} does not exist`, 'tenantId');
    }
    if (forWrite && CLOSED_STATUSES.has(tenant.status)) {
      throw new PreconditionFailedError(`tenant ${tenant.slug} is ${tenant.status}`, 'tenantId');
    }
    return tenant;
  }

  private newWrite(
    tenant: IdentityProviderTenant,
    name: string,
    details: IdentityProviderDetails,
    mapping: Readonly<Record<string, string>>,
    domains: readonly string[],
    saml: SamlSummary | null,
    secret: string | null,
  ): IdentityProviderWrite {
    const id = randomUUID();
    return {
      ...this.baseWrite(tenant, id, name, details, mapping, domains, saml),
      secretCiphertext: secret === null ? null : this.seal(id, secret),
    };
  }

  private baseWrite(
    tenant: IdentityProviderTenant,
    id: string,
    name: string,
    details: IdentityProviderDetails,
    mapping: Readonly<Record<string, string>>,
    domains: readonly string[],
    saml: SamlSummary | null,
  ): Omit<IdentityProviderWrite, 'secretCiphertext'> {
    return {
      id,
      tenantId: tenant.id,
      name,
      cognitoProviderName: cognitoProviderNameFor(tenant, name),
      poolKey: poolKeyFor({ ...tenant, tenantId: tenant.id }),
      type: details.type,
      details,
      attributeMapping: mapping,
      emailDomains: domains,
      saml,
    };
  }

  private seal(identityProviderId: string, secret: string): string {
    return this.sealer.encrypt(secret, secretContext(identityProviderId));
  }

  private emailDomains(input: readonly string[] | null | undefined, issues: FieldIssue[]): readonly string[] {
    const result = normalizeEmailDomains(input ?? [], { field: 'input.emailDomains' });
    issues.push(...result.issues.map(toFieldIssue));
    return result.domains;
  }

  private metadataSource(
    xml: string | null | undefined,
    url: string | null | undefined,
    issues: FieldIssue[],
  ): MetadataSource | null {
    const hasXml = xml != null && xml.trim() !== '';
    const hasUrl = url != null && url.trim() !== '';
    if (hasXml === hasUrl) {
      issues.push({ field: 'input.metadataXml', message: 'give exactly one of metadataXml and metadataUrl' });
      return null;
    }
    return hasXml ? { kind: 'xml', xml: xml as string } : { kind: 'url', url: (url as string).trim() };
  }

  private async readSamlMetadata(source: MetadataSource): Promise<ReadSamlMetadata> {
    if (source.kind === 'xml') return this.summarizeSamlMetadata(source.xml, null, 'input.metadataXml');
    const field = 'input.metadataUrl';
    const document = (await this.fetch(source.url, field, SAML_METADATA_ACCEPT)).body;
    return this.summarizeSamlMetadata(document, source.url, field);
  }

  private summarizeSamlMetadata(
    document: string | Buffer,
    metadataUrl: string | null,
    field: string,
  ): ReadSamlMetadata {
    const parsed = translate(() =>
      parseSamlMetadata(document, { field, now: this.now(), expiryWarningDays: this.expiryWarningDays }),
    );
    const metadataXml = typeof document === 'string' ? document : document.toString('utf8');
    return {
      metadataUrl,
      metadataXml: metadataXml.charCodeAt(0) === 0xfeff ? metadataXml.slice(1) : metadataXml,
      summary: {
        entityId: parsed.entityId,
        ssoUrls: parsed.ssoUrls,
        sloUrls: parsed.sloUrls,
        certificates: parsed.certificates,
        validUntil: parsed.validUntil,
      },
      warnings: parsed.warnings,
    };
  }

  private async discover(issuer: string): Promise<ReturnType<typeof validateOidcDiscovery>> {
    const entered = issuer.trim();
    let url: string;
    try {
      url = new URL(discoveryUrlFor(entered)).href;
    } catch {
      throw new ValidationError([{ field: 'input.issuer', message: `${entered} is not an absolute URL` }]);
    }
    const response = await this.fetch(url, 'input.issuer', 'application/json');
    return translate(() =>
      validateOidcDiscovery(response.body, entered, { allowHttp: this.allowHttp, field: 'input.issuer' }),
    );
  }

  private async fetch(url: string, field: string, accept: string): Promise<SafeFetchResponse> {
    try {
      return await this.fetcher.fetch(url, { accept });
    } catch (error) {
      if (error instanceof SafeFetchError) {
        // Unreachable and refused both say "this URL can't be used now": the admin's next step is the same.
        throw new ValidationError([{ field, message: `${error.message} (${error.reason})` }]);
      }
      throw error;
    }
  }
}

type MetadataSource =
  { readonly kind: 'xml'; readonly xml: string } | { readonly kind: 'url'; readonly url: string };

interface ReadSamlMetadata {
  readonly metadataUrl: string | null;
  readonly metadataXml: string;
  readonly summary: SamlSummary;
  readonly warnings: readonly string[];
}

const SAML_METADATA_ACCEPT = 'application/samlmetadata+xml, application/xml, text/xml';

/**
 * Whether two summaries differ in what Cognito acts on: the entity id, the endpoints and the certificates. Other
 * churn, such as a validUntil that some IdPs move forward on every request, would otherwise bump the generation and
 * update the Cognito IdP on every refresh.
 */
function samlSummaryChanged(before: SamlSummary | null, after: SamlSummary): boolean {
  const facts = (s: SamlSummary) =>
    JSON.stringify([
      s.entityId,
      s.ssoUrls.map((e) => [e.binding, e.location]),
      s.sloUrls.map((e) => [e.binding, e.location]),
      s.certificates.map((c) => [c.use, c.fingerprintSha256]),
    ]);
  return before === null || facts(before) !== facts(after);
}

/** The associated data a provider's secret is sealed with: it opens only on its own row. */
export function secretContext(identityProviderId: string): string {
  return `identity-provider:${identityProviderId}`;
}

/** An IdP as the API shows it: whether it has a secret, never the secret. */
export function withoutSecret(stored: StoredIdentityProvider): IdentityProvider {
  const { secretCiphertext: _sealed, ...visible } = stored;
  return visible;
}

function translate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FederationValidationError) throw new ValidationError(error.issues.map(toFieldIssue));
    throw error;
  }
}

function toFieldIssue(issue: ValidationIssue): FieldIssue {
  return { field: issue.field, message: issue.message };
}

function throwIfAny(issues: readonly FieldIssue[]): void {
  if (issues.length > 0) throw new ValidationError([...issues]);
}

function checkName(name: string, issues: FieldIssue[]): void {
  const problem = identityProviderNameProblem(name);
  if (problem !== null) issues.push({ field: 'input.name', message: problem });
}

function checkClientId(clientId: string, issues: FieldIssue[]): void {
  if (!CLIENT_ID.test(clientId)) {
    issues.push({ field: 'input.clientId', message: 'must be 1-256 printable characters without spaces' });
  }
}

function optionalSecret(
  value: string | null | undefined,
  field: string,
  issues: FieldIssue[],
): string | null {
  if (value === null || value === undefined) return null;
  if (value.length === 0 || value.length > MAX_SECRET_LENGTH) {
    issues.push({ field, message: `must be 1-${MAX_SECRET_LENGTH} characters` });
    return null;
  }
  return value;
}

function checkScopes(
  input: readonly string[] | null | undefined,
  defaults: readonly string[],
  requireOpenid: boolean,
  issues: FieldIssue[],
): readonly string[] {
  const scopes = [...new Set((input ?? defaults).map((s) => s.trim()))];
  scopes.forEach((scope, index) => {
    if (!SCOPE.test(scope))
      issues.push({ field: `input.scopes[${index}]`, message: `"${scope}" is not a valid scope` });
  });
  if (requireOpenid && !scopes.includes('openid')) {
    issues.push({ field: 'input.scopes', message: 'must include "openid"' });
  }
  return scopes;
}

function attributeMapping(
  type: IdentityProvider['type'],
  tenant: IdentityProviderTenant,
  entries: readonly AttributeMappingEntry[] | null | undefined,
  issues: FieldIssue[],
): Record<string, string> {
  const result = resolveAttributeMapping(
    type,
    tenant.isolationModel,
    entries ?? undefined,
    'input.attributeMapping',
  );
  issues.push(...result.issues.map(toFieldIssue));
  return result.mapping;
}

function socialDetails(
  input: AddSocialIdentityProviderInput,
  current: SocialProviderDetails | null,
  issues: FieldIssue[],
): { details: SocialProviderDetails; secret: string | null } {
  checkClientId(input.clientId, issues);
  const scopes = checkScopes(input.scopes, current?.scopes ?? DEFAULT_SCOPES[input.type], false, issues);
  if (input.type === 'SIGN_IN_WITH_APPLE') {
    if (input.clientSecret != null) {
      issues.push({
        field: 'input.clientSecret',
        message: 'Sign in with Apple takes privateKey, not clientSecret',
      });
    }
    for (const field of ['teamId', 'keyId'] as const) {
      if (!APPLE_ID.test(input[field] ?? '')) {
        issues.push({
          field: `input.${field}`,
          message: 'must be the 10-character id from the Apple developer account',
        });
      }
    }
    const privateKey = input.privateKey ?? null;
    if (privateKey === null && current === null) {
      issues.push({ field: 'input.privateKey', message: 'is required for Sign in with Apple' });
    } else if (
      privateKey !== null &&
      !/^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/.test(privateKey.trim())
    ) {
      issues.push({
        field: 'input.privateKey',
        message: 'must be the PEM private key (-----BEGIN PRIVATE KEY-----)',
      });
    }
    return {
      details: {
        type: input.type,
        clientId: input.clientId,
        scopes,
        teamId: input.teamId ?? null,
        keyId: input.keyId ?? null,
      },
      secret: privateKey,
    };
  }
  for (const field of ['teamId', 'keyId', 'privateKey'] as const) {
    if (input[field] != null)
      issues.push({ field: `input.${field}`, message: 'is for Sign in with Apple only' });
  }
  const secret = optionalSecret(input.clientSecret, 'input.clientSecret', issues);
  if (secret === null && current === null && input.clientSecret == null) {
    issues.push({
      field: 'input.clientSecret',
      message: `is required for ${COGNITO_PROVIDER_TYPES[input.type]}`,
    });
  }
  return {
    details: { type: input.type, clientId: input.clientId, scopes, teamId: null, keyId: null },
    secret,
  };
}

const FIELDS_BY_TYPE: Readonly<
  Record<'SAML' | 'OIDC' | 'SOCIAL', readonly (keyof UpdateIdentityProviderInput)[]>
> = {
  SAML: [
    'metadataXml',
    'metadataUrl',
    'idpInitiatedSignOn',
    'signOut',
    'requestSigningAlgorithm',
    'encryptedResponses',
  ],
  OIDC: ['issuer', 'clientId', 'clientSecret', 'scopes', 'attributesRequestMethod'],
  SOCIAL: ['clientId', 'clientSecret', 'scopes', 'teamId', 'keyId', 'privateKey'],
};

function refuseFieldsOf(
  type: IdentityProvider['type'],
  input: UpdateIdentityProviderInput,
  issues: FieldIssue[],
): void {
  const group = type === 'SAML' || type === 'OIDC' ? type : 'SOCIAL';
  const allowed = new Set(FIELDS_BY_TYPE[group]);
  const typed = new Set(Object.values(FIELDS_BY_TYPE).flat());
  for (const key of typed) {
    if (!allowed.has(key) && input[key] !== undefined && input[key] !== null) {
      issues.push({ field: `input.${key}`, message: `does not apply to a ${type} identity provider` });
    }
  }
}

function definedOnly(input: UpdateIdentityProviderInput): Partial<AddSocialIdentityProviderInput> {
  return Object.fromEntries(
    (['clientId', 'clientSecret', 'scopes', 'teamId', 'keyId', 'privateKey', 'attributeMapping'] as const)
      .filter((key) => input[key] !== undefined && input[key] !== null)
      .map((key) => [key, input[key]]),
  );
}

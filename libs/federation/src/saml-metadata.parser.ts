import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { FederationValidationError } from './federation-validation.error';
import { readX509Certificate } from './x509-certificate.reader';

const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_BINDING_HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const SAML_BINDING_HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const BROWSER_BINDINGS: ReadonlySet<string> = new Set([SAML_BINDING_HTTP_REDIRECT, SAML_BINDING_HTTP_POST]);

/**
 * 1 MiB: the largest single-IdP exports seen in the wild (AD FS, with WS-Fed role descriptors and a
 * signature) are under 100 KB, so this leaves a wide margin while bounding parse time and memory. Anything
 * bigger is a federation aggregate, which is refused anyway.
 */
export const DEFAULT_SAML_METADATA_MAX_BYTES = 1024 * 1024;
/** Thirty days gives an admin time to get a rotated certificate from the IdP owner before logins break. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
/** SAML 2.0 core limits entityID to 1024 characters. */
const MAX_ENTITY_ID_LENGTH = 1024;
const MAX_LISTED_ENTITY_IDS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export type SamlMetadataErrorCode =
  | 'SAML_TOO_LARGE'
  | 'SAML_NOT_UTF8'
  | 'SAML_DOCTYPE_NOT_ALLOWED'
  | 'SAML_NOT_WELL_FORMED'
  | 'SAML_NOT_METADATA'
  | 'SAML_SEVERAL_IDPS'
  | 'SAML_AGGREGATE_WITH_SP'
  | 'SAML_SP_METADATA'
  | 'SAML_NO_IDP_DESCRIPTOR'
  | 'SAML_NOT_SAML2'
  | 'SAML_NO_ENTITY_ID'
  | 'SAML_NO_SSO_SERVICE'
  | 'SAML_NO_SIGNING_CERTIFICATE'
  | 'SAML_CERTIFICATE_UNREADABLE';

export interface SamlMetadataParseOptions {
  /** Reference time for expiry checks; injectable so that tests and the certificate monitor agree. */
  readonly now?: Date;
  readonly maxBytes?: number;
  readonly expiryWarningDays?: number;
  /** Field path reported in errors, e.g. `metadataXml` or `metadataUrl`. */
  readonly field?: string;
}

export interface SamlEndpoint {
  readonly binding: string;
  readonly location: string;
}

export interface SamlLogoutEndpoint extends SamlEndpoint {
  readonly responseLocation?: string;
}

/** `unspecified`: a KeyDescriptor without `use`, which by the metadata spec serves both signing and encryption. */
export type SamlKeyUse = 'signing' | 'encryption' | 'unspecified';

export interface SamlCertificateSummary {
  readonly use: SamlKeyUse;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly fingerprintSha256: string;
}

export interface SamlMetadataSummary {
  readonly entityId: string;
  readonly ssoUrls: readonly SamlEndpoint[];
  readonly sloUrls: readonly SamlLogoutEndpoint[];
  readonly certificates: readonly SamlCertificateSummary[];
  /** The earliest validUntil found on the entity, its role descriptor or an enclosing EntitiesDescriptor. */
  readonly validUntil: string | null;
  readonly nameIdFormats: readonly string[];
  readonly wantAuthnRequestsSigned: boolean;
  readonly warnings: readonly string[];
}

/**
 * Parses and validates the metadata of one SAML 2.0 identity provider. Throws FederationValidationError
 * for anything Cognito could not use; accepts, with warnings, what only needs the admin's attention.
 */
export function parseSamlMetadata(
  input: string | Buffer,
  options: SamlMetadataParseOptions = {},
): SamlMetadataSummary {
  const field = options.field ?? 'metadata';
  const now = options.now ?? new Date();
  const warningWindowMs = (options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS) * DAY_MS;
  const fail = (code: SamlMetadataErrorCode, message: string): never => {
    throw new FederationValidationError({ field, code, message });
  };

  const xml = decodeBounded(input, options.maxBytes ?? DEFAULT_SAML_METADATA_MAX_BYTES, fail);
  const document = parseXml(xml, fail);
  const entity = selectIdpEntity(document, fail);
  const warnings: string[] = [];

  const entityId = (entity.element.getAttribute('entityID') ?? '').trim();
  if (entityId.length === 0) fail('SAML_NO_ENTITY_ID', 'The EntityDescriptor has no entityID attribute.');
  if (entityId.length > MAX_ENTITY_ID_LENGTH) {
    fail('SAML_NO_ENTITY_ID', `The entityID is longer than ${MAX_ENTITY_ID_LENGTH} characters.`);
  }
  if (/\{[^}]*\}/.test(entityId)) {
    warnings.push(
      `The entityID "${entityId}" is a template: assertions will carry the tenant-specific issuer instead, ` +
        'so use the tenant-specific metadata.',
    );
  }

  const idp = selectIdpDescriptor(entity.element, fail);
  const ssoUrls = readSsoEndpoints(idp, fail, warnings);
  const sloUrls = readSloEndpoints(idp);
  const certificates = readCertificates(idp, fail);
  warnAboutSigningCertificates(certificates, now, warningWindowMs, warnings);

  const validUntil = earliestValidUntil([...entity.ancestors, entity.element, idp], warnings);
  if (validUntil !== null) {
    const remainingMs = validUntil.getTime() - now.getTime();
    if (remainingMs <= 0) {
      warnings.push(
        `The metadata's validUntil (${validUntil.toISOString()}) has passed: ask the IdP for current metadata.`,
      );
    } else if (remainingMs <= warningWindowMs) {
      warnings.push(
        `The metadata's validUntil (${validUntil.toISOString()}) is in ${Math.ceil(remainingMs / DAY_MS)} days.`,
      );
    }
  }

  return {
    entityId,
    ssoUrls,
    sloUrls,
    certificates,
    validUntil: validUntil?.toISOString() ?? null,
    nameIdFormats: unique(childElements(idp, MD_NS, 'NameIDFormat').map((e) => (e.textContent ?? '').trim())),
    wantAuthnRequestsSigned: xsBoolean(idp.getAttribute('WantAuthnRequestsSigned')),
    warnings,
  };
}

type Fail = (code: SamlMetadataErrorCode, message: string) => never;

function decodeBounded(input: string | Buffer, maxBytes: number, fail: Fail): string {
  const byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (byteLength > maxBytes) {
    fail(
      'SAML_TOO_LARGE',
      `The metadata is ${byteLength} bytes, over the ${maxBytes}-byte limit for one IdP's metadata ` +
        '(a federation aggregate is not accepted).',
    );
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return fail('SAML_NOT_UTF8', 'The metadata is not UTF-8 text.');
    }
  }
  // A BOM is what Microsoft's endpoints send; it carries no meaning once decoded.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseXml(xml: string, fail: Fail): Document {
  // Refused before parsing: a DTD is the vehicle for XXE and entity-expansion bombs, and metadata never needs one.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    fail('SAML_DOCTYPE_NOT_ALLOWED', 'The metadata contains a DTD (<!DOCTYPE>), which is not allowed.');
  }
  let document: Document;
  let complaint: string | undefined;
  try {
    document = new DOMParser({
      locator: true,
      // xmldom tolerates a lot by default; metadata is machine-generated, so any complaint means bad input.
      onError: (_level, message) => {
        complaint ??= message;
        throw new Error(message);
      },
    }).parseFromString(xml, 'application/xml');
  } catch (error) {
    return fail(
      'SAML_NOT_WELL_FORMED',
      `The metadata is not well-formed XML: ${firstLine(complaint ?? error)}.`,
    );
  }
  if (document.doctype !== null) {
    fail('SAML_DOCTYPE_NOT_ALLOWED', 'The metadata contains a DTD (<!DOCTYPE>), which is not allowed.');
  }
  if (document.documentElement === null) fail('SAML_NOT_WELL_FORMED', 'The metadata has no root element.');
  return document;
}

interface SelectedEntity {
  readonly element: Element;
  /** Enclosing EntitiesDescriptor elements, whose validUntil also bounds the entity. */
  readonly ancestors: readonly Element[];
}

function selectIdpEntity(document: Document, fail: Fail): SelectedEntity {
  const root = document.documentElement as Element;
  const rootName = `{${root.namespaceURI ?? ''}}${root.localName ?? root.nodeName}`;
  if (
    root.namespaceURI !== MD_NS ||
    (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')
  ) {
    fail(
      'SAML_NOT_METADATA',
      `This is not SAML 2.0 metadata: the root element is ${rootName}; expected an EntityDescriptor in namespace ${MD_NS}.`,
    );
  }
  if (root.localName === 'EntityDescriptor') {
    return { element: root, ancestors: [] };
  }

  const entities = Array.from(root.getElementsByTagNameNS(MD_NS, 'EntityDescriptor'));
  const idps = entities.filter((e) => childElements(e, MD_NS, 'IDPSSODescriptor').length > 0);
  const others = entities.length - idps.length;
  if (idps.length > 1) {
    fail(
      'SAML_SEVERAL_IDPS',
      `This is a federation aggregate (EntitiesDescriptor) holding ${idps.length} IdPs` +
        (others > 0 ? ` and ${others} other entities` : '') +
        ` (${listEntityIds(idps)}): supply the metadata of one IdP.`,
    );
  }
  if (idps.length === 0) {
    fail(
      entities.length > 0 ? 'SAML_SP_METADATA' : 'SAML_NO_IDP_DESCRIPTOR',
      entities.length > 0
        ? `This EntitiesDescriptor holds no IdP, only SP or other metadata (${listEntityIds(entities)}).`
        : 'This EntitiesDescriptor holds no EntityDescriptor.',
    );
  }
  if (others > 0) {
    fail(
      'SAML_AGGREGATE_WITH_SP',
      `This EntitiesDescriptor holds SP metadata besides the IdP (${listEntityIds(entities)}): ` +
        'supply the metadata of the IdP alone.',
    );
  }
  const element = idps[0] as Element;
  return { element, ancestors: ancestorsUpTo(element, root) };
}

function selectIdpDescriptor(entity: Element, fail: Fail): Element {
  const descriptors = childElements(entity, MD_NS, 'IDPSSODescriptor');
  if (descriptors.length === 0) {
    if (childElements(entity, MD_NS, 'SPSSODescriptor').length > 0) {
      fail(
        'SAML_SP_METADATA',
        'This is SP metadata (SPSSODescriptor), not IdP metadata: no IDPSSODescriptor.',
      );
    }
    fail('SAML_NO_IDP_DESCRIPTOR', 'The EntityDescriptor has no IDPSSODescriptor: this is not IdP metadata.');
  }
  const saml2 = descriptors.find((d) =>
    (d.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL),
  );
  if (saml2 === undefined) {
    fail('SAML_NOT_SAML2', `The IDPSSODescriptor does not list the SAML 2.0 protocol (${SAML2_PROTOCOL}).`);
  }
  return saml2 as Element;
}

function readSsoEndpoints(idp: Element, fail: Fail, warnings: string[]): SamlEndpoint[] {
  const endpoints = uniqueEndpoints(
    childElements(idp, MD_NS, 'SingleSignOnService').map((e) => ({
      binding: (e.getAttribute('Binding') ?? '').trim(),
      location: (e.getAttribute('Location') ?? '').trim(),
    })),
  );
  const usable = endpoints.filter((e) => BROWSER_BINDINGS.has(e.binding) && isHttpUrl(e.location));
  if (usable.length === 0) {
    const found = endpoints.map((e) => e.binding || '(no binding)').join(', ');
    fail(
      'SAML_NO_SSO_SERVICE',
      'The IDPSSODescriptor has no SingleSignOnService with an HTTP-Redirect or HTTP-POST binding and an ' +
        `http(s) Location${found ? ` (found: ${found})` : ''}.`,
    );
  }
  for (const endpoint of usable) {
    if (endpoint.location.startsWith('http:')) {
      warnings.push(`The SingleSignOnService ${endpoint.location} uses plain http.`);
    }
  }
  return endpoints;
}

function readSloEndpoints(idp: Element): SamlLogoutEndpoint[] {
  const seen = new Set<string>();
  const result: SamlLogoutEndpoint[] = [];
  for (const e of childElements(idp, MD_NS, 'SingleLogoutService')) {
    const binding = (e.getAttribute('Binding') ?? '').trim();
    const location = (e.getAttribute('Location') ?? '').trim();
    const responseLocation = e.getAttribute('ResponseLocation')?.trim();
    const key = `${binding} ${location} ${responseLocation ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(responseLocation ? { binding, location, responseLocation } : { binding, location });
  }
  return result;
}

function readCertificates(idp: Element, fail: Fail): SamlCertificateSummary[] {
  const result: SamlCertificateSummary[] = [];
  const seen = new Set<string>();
  let misplaced = new Set<string>();
  for (const [index, keyDescriptor] of childElements(idp, MD_NS, 'KeyDescriptor').entries()) {
    const use = keyUse(keyDescriptor.getAttribute('use'));
    const elements = Array.from(keyDescriptor.getElementsByTagNameNS(DSIG_NS, 'X509Certificate'));
    if (elements.length === 0) {
      misplaced = new Set([...misplaced, ...foreignCertificateNamespaces(keyDescriptor)]);
    }
    for (const element of elements) {
      const read = readX509Certificate(element.textContent ?? '');
      if (!read.ok) {
        return fail(
          'SAML_CERTIFICATE_UNREADABLE',
          `The ${use === 'unspecified' ? '' : `${use} `}certificate in KeyDescriptor #${index + 1} can't be read: ` +
            `${read.reason}.`,
        );
      }
      const key = `${use} ${read.facts.fingerprintSha256}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({
        use,
        subject: read.facts.subject,
        issuer: read.facts.issuer,
        notBefore: read.facts.notBefore.toISOString(),
        notAfter: read.facts.notAfter.toISOString(),
        fingerprintSha256: read.facts.fingerprintSha256,
      });
    }
  }
  if (!result.some((c) => c.use !== 'encryption')) {
    const hint =
      misplaced.size > 0
        ? ` Certificates were found in namespace ${[...misplaced].join(', ')} instead of the XML-DSig ` +
          `namespace ${DSIG_NS} (an unprefixed KeyInfo inherits the metadata namespace).`
        : '';
    fail(
      'SAML_NO_SIGNING_CERTIFICATE',
      'The IDPSSODescriptor has no signing certificate in the XML-DSig namespace ' +
        `(a KeyDescriptor with use="signing" or without use, holding ds:KeyInfo/ds:X509Data/ds:X509Certificate).${hint}`,
    );
  }
  return result;
}

function foreignCertificateNamespaces(keyDescriptor: Element): string[] {
  return Array.from(keyDescriptor.getElementsByTagNameNS('*', 'X509Certificate'))
    .map((e) => e.namespaceURI ?? '(no namespace)')
    .filter((ns) => ns !== DSIG_NS);
}

// Only signing certificates matter to Cognito: it verifies the IdP's signatures, while encryption toward
// the IdP never happens. Warning about encryption certificates would be noise the admin can't act on.
function warnAboutSigningCertificates(
  certificates: readonly SamlCertificateSummary[],
  now: Date,
  windowMs: number,
  warnings: string[],
): void {
  for (const cert of certificates) {
    if (cert.use === 'encryption') continue;
    const label = `The signing certificate "${cert.subject}" (SHA-256 ${cert.fingerprintSha256.slice(0, 23)}…)`;
    const remainingMs = Date.parse(cert.notAfter) - now.getTime();
    if (remainingMs <= 0) {
      warnings.push(`${label} expired on ${cert.notAfter.slice(0, 10)}.`);
    } else if (remainingMs <= windowMs) {
      warnings.push(
        `${label} expires on ${cert.notAfter.slice(0, 10)}, in ${Math.ceil(remainingMs / DAY_MS)} days.`,
      );
    }
    if (Date.parse(cert.notBefore) > now.getTime()) {
      warnings.push(`${label} is not valid before ${cert.notBefore.slice(0, 10)}.`);
    }
  }
}

function earliestValidUntil(elements: readonly Element[], warnings: string[]): Date | null {
  let earliest: Date | null = null;
  for (const element of elements) {
    const raw = element.getAttribute('validUntil')?.trim();
    if (!raw) continue;
    const parsed = parseXsDateTime(raw);
    if (parsed === null) {
      warnings.push(`The validUntil "${raw}" on ${element.localName} is not a valid date and was ignored.`);
      continue;
    }
    if (earliest === null || parsed < earliest) earliest = parsed;
  }
  return earliest;
}

const XS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function parseXsDateTime(raw: string): Date | null {
  const match = XS_DATE_TIME.exec(raw);
  if (match === null) return null;
  // xs:dateTime without a zone is "local" to nobody in particular; UTC is the only sensible reading.
  const parsed = new Date(match[1] === undefined ? `${raw}Z` : raw);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function keyUse(raw: string | null): SamlKeyUse {
  const value = raw?.trim();
  if (value === 'signing' || value === 'encryption') return value;
  return 'unspecified';
}

function xsBoolean(raw: string | null): boolean {
  const value = raw?.trim();
  return value === 'true' || value === '1';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const result: Element[] = [];
  for (const node of Array.from(parent.childNodes) as Node[]) {
    if (
      node.nodeType === node.ELEMENT_NODE &&
      node.namespaceURI === namespace &&
      node.localName === localName
    ) {
      result.push(node as Element);
    }
  }
  return result;
}

function ancestorsUpTo(element: Element, root: Element): Element[] {
  const result: Element[] = [];
  let current = element.parentNode;
  while (current !== null) {
    if (current.nodeType === current.ELEMENT_NODE) result.push(current as Element);
    if (current === root) break;
    current = current.parentNode;
  }
  return result;
}

function listEntityIds(entities: readonly Element[]): string {
  const ids = entities.map((e) => e.getAttribute('entityID') ?? '(no entityID)');
  const shown = ids.slice(0, MAX_LISTED_ENTITY_IDS).join(', ');
  return ids.length > MAX_LISTED_ENTITY_IDS
    ? `${shown} and ${ids.length - MAX_LISTED_ENTITY_IDS} more`
    : shown;
}

function uniqueEndpoints(endpoints: readonly SamlEndpoint[]): SamlEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = `${e.binding} ${e.location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

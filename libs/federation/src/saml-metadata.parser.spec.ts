import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { FederationValidationError } from './federation-validation.error';
import {
  parseSamlMetadata,
  SAML_BINDING_HTTP_POST,
  SAML_BINDING_HTTP_REDIRECT,
  type SamlMetadataParseOptions,
  type SamlMetadataSummary,
} from './saml-metadata.parser';
import { describeWithSharedFixtures, listSharedFixtures, readSharedFixture } from './testing/shared-fixtures';
import { SELF_SIGNED_TEST_CERT_BASE64 } from './testing/self-signed-test-cert';

// SOURCES.md judged "expired" against this date; pinning it keeps the fixture expectations stable.
const FIXTURE_DATE = new Date('2026-11-28T00:00:00Z');

type WarningKind =
  | 'certExpired'
  | 'certExpiringSoon'
  | 'certNotYetValid'
  | 'validUntilPassed'
  | 'entityIdTemplate'
  | 'ssoPlainHttp';

function warningKinds(summary: SamlMetadataSummary): WarningKind[] {
  const kinds = summary.warnings.map((w): WarningKind | string => {
    if (/signing certificate .* expired on/.test(w)) return 'certExpired';
    if (/signing certificate .* expires on/.test(w)) return 'certExpiringSoon';
    if (/signing certificate .* not valid before/.test(w)) return 'certNotYetValid';
    if (/validUntil .* has passed/.test(w)) return 'validUntilPassed';
    if (/entityID .* is a template/.test(w)) return 'entityIdTemplate';
    if (/SingleSignOnService .* uses plain http/.test(w)) return 'ssoPlainHttp';
    return `unclassified: ${w}`;
  });
  return [...new Set(kinds)].sort() as WarningKind[];
}

function signingCount(summary: SamlMetadataSummary): number {
  return summary.certificates.filter((c) => c.use !== 'encryption').length;
}

interface ValidCase {
  readonly file: string;
  readonly entityId: string | RegExp;
  readonly warnings: readonly WarningKind[];
  readonly browserBindings: readonly ('redirect' | 'post')[];
  readonly signingCerts?: number;
  readonly encryptionCerts?: number;
  readonly wantAuthnRequestsSigned?: boolean;
  readonly extra?: (summary: SamlMetadataSummary) => void;
}

const VALID: readonly ValidCase[] = [
  {
    file: 'adfs-federationmetadata-php-saml.xml',
    entityId: 'http://idp.adfs.example.com/adfs/services/trust',
    warnings: ['certExpired'],
    browserBindings: ['redirect', 'post'],
  },
  {
    file: 'adfs-federationmetadata-sempreser.xml',
    entityId: 'http://sts.sempreser.com.br/adfs/services/trust',
    warnings: ['certExpired'],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
    encryptionCerts: 1,
    extra: (s) => expect(s.certificates.find((c) => c.use === 'signing')?.subject).toContain('ADFS Signing'),
  },
  {
    file: 'auth0-dev-tyj7qyzz.xml',
    entityId: 'urn:dev-tyj7qyzz.auth0.com',
    warnings: [],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
    extra: (s) => {
      expect(s.sloUrls.map((u) => u.binding).sort()).toEqual([
        SAML_BINDING_HTTP_POST,
        SAML_BINDING_HTTP_REDIRECT,
      ]);
      // Values padded with whitespace in the file come out trimmed.
      for (const format of s.nameIdFormats) expect(format).toBe(format.trim());
      expect(s.nameIdFormats.length).toBeGreaterThan(0);
    },
  },
  {
    file: 'entra-federationmetadata-common.xml',
    entityId: 'https://sts.windows.net/{tenantid}/',
    warnings: ['entityIdTemplate'],
    browserBindings: ['redirect', 'post'],
    signingCerts: 4,
  },
  {
    file: 'entra-federationmetadata-tenant-81c1df79.xml',
    entityId: /^https:\/\/sts\.windows\.net\/81c1df79-/,
    warnings: ['certExpired'],
    browserBindings: ['redirect', 'post'],
    signingCerts: 2,
    extra: (s) => expect(s.warnings.filter((w) => w.includes('expired on'))).toHaveLength(1),
  },
  {
    file: 'expired-ca-issued-cert-sha512-secureworks.xml',
    entityId: 'https://idp.secureworks.com/SAML2',
    warnings: ['certExpired'],
    browserBindings: ['post'],
    extra: (s) => expect(s.certificates[0]?.issuer).toContain('SecureWorks'),
  },
  {
    file: 'google-workspace-C02dfl1r1.xml',
    entityId: 'https://accounts.google.com/o/saml2?idpid=C02dfl1r1',
    warnings: ['certExpired', 'validUntilPassed'],
    browserBindings: ['post'],
    // HTTP-POST is listed twice in the file.
    extra: (s) => expect(s.ssoUrls).toHaveLength(1),
  },
  {
    file: 'google-workspace-C03p9xl22.xml',
    entityId: 'https://accounts.google.com/o/saml2?idpid=C03p9xl22',
    warnings: ['certExpired', 'validUntilPassed'],
    browserBindings: ['redirect', 'post'],
  },
  {
    file: 'jumpcloud-strategicgroupnw.xml',
    entityId: 'strategicgroupnw',
    warnings: [],
    browserBindings: ['post'],
    wantAuthnRequestsSigned: true,
  },
  {
    file: 'keycloak-realm-springbootkeycloak.xml',
    entityId: /\/realms\//,
    warnings: [],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
    wantAuthnRequestsSigned: true,
  },
  {
    file: 'multiple-signing-certs-with-duplicate.xml',
    entityId: /./,
    warnings: ['certExpired'],
    browserBindings: ['redirect'],
    signingCerts: 2,
  },
  {
    file: 'namespace-prefix-ns0-ns1-pysaml2.xml',
    entityId: /./,
    // Its endpoints are http://localhost:8088 test URLs.
    warnings: ['certExpired', 'ssoPlainHttp'],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
  },
  {
    file: 'okta-oktapreview-dev513394.xml',
    entityId: 'http://www.okta.com/exkppsa1qwuFV4D7z0h7',
    warnings: [],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
    extra: (s) => expect(s.certificates[0]?.subject).toContain('dev-513394'),
  },
  {
    file: 'okta-oktapreview-dev599847.xml',
    entityId: 'http://www.okta.com/exk9u78i8aMSxvkV70h7',
    warnings: [],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
    wantAuthnRequestsSigned: true,
  },
  {
    file: 'onelogin-app486670.xml',
    entityId: 'https://app.onelogin.com/saml/metadata/486670',
    warnings: ['certExpired'],
    browserBindings: ['redirect', 'post'],
  },
  {
    file: 'onelogin-app503983.xml',
    entityId: 'https://app.onelogin.com/saml/metadata/503983',
    warnings: ['certExpired'],
    browserBindings: ['post'],
  },
  {
    file: 'shibboleth-samltest-id.xml',
    entityId: 'https://samltest.id/saml/idp',
    warnings: [],
    browserBindings: ['redirect', 'post'],
    signingCerts: 2,
    encryptionCerts: 1,
    extra: (s) => {
      expect(s.ssoUrls).toHaveLength(5);
      expect(s.validUntil?.startsWith('2100-01-01')).toBe(true);
    },
  },
  {
    file: 'shibboleth-testshib-idp.xml',
    entityId: 'https://idp.testshib.org/idp/shibboleth',
    warnings: ['certExpired'],
    browserBindings: ['redirect', 'post'],
    extra: (s) => expect(s.certificates.map((c) => c.use)).toEqual(['unspecified']),
  },
  {
    file: 'shibboleth-utexas-enterprise.xml',
    entityId: 'https://enterprise.login.utexas.edu/idp/shibboleth',
    warnings: [],
    browserBindings: ['post'],
  },
  {
    file: 'signed-entitydescriptor-expired-validuntil-stubidp.xml',
    entityId: /./,
    warnings: ['validUntilPassed'],
    browserBindings: ['redirect', 'post'],
    extra: (s) => {
      expect(s.validUntil?.startsWith('2022-03-16')).toBe(true);
      expect(s.certificates[0]?.notAfter.startsWith('2039-12-31')).toBe(true);
    },
  },
  {
    file: 'simplesamlphp-utexas-guest.xml',
    entityId: 'https://guest.login.utexas.edu/idp',
    warnings: [],
    browserBindings: ['redirect', 'post'],
  },
  {
    file: 'zitadel-cloud.xml',
    entityId: 'https://my-instance-xtzfbc.zitadel.cloud/saml/v2/metadata',
    // The IdP signing certificate expired on 2025-05-20 as well (SOURCES.md), hence two warnings.
    warnings: ['certExpired', 'validUntilPassed'],
    browserBindings: ['redirect', 'post'],
    signingCerts: 1,
    wantAuthnRequestsSigned: true,
    extra: (s) => expect(s.certificates[0]?.subject).toContain('ZITADEL SAML response'),
  },
];

interface InvalidCase {
  readonly file: string;
  readonly code: string;
  readonly message: RegExp;
}

const INVALID: readonly InvalidCase[] = [
  {
    file: 'certificate-placeholders-not-base64.xml',
    code: 'SAML_CERTIFICATE_UNREADABLE',
    message: /can't be read: it is not base64/,
  },
  {
    file: 'dtd-billion-laughs-entity-expansion.xml',
    code: 'SAML_DOCTYPE_NOT_ALLOWED',
    message: /DTD \(<!DOCTYPE>\)/,
  },
  {
    file: 'entitiesdescriptor-edugain-signed-expired.xml',
    code: 'SAML_SEVERAL_IDPS',
    message:
      /holding 2 IdPs and 1 other entities \(https:\/\/si-saai\.ualg\.pt\/idp\/shibboleth, https:\/\/idp\.fccn\.pt\/idp\/shibboleth\)/,
  },
  {
    file: 'entitiesdescriptor-two-idps-plus-sp-pem-double-encoded.xml',
    code: 'SAML_SEVERAL_IDPS',
    message: /holding 2 IdPs .*foo\.example\.com.*bar\.example\.com/,
  },
  {
    file: 'idp-no-keydescriptor-minimal.xml',
    code: 'SAML_NO_SIGNING_CERTIFICATE',
    message: /no signing certificate/,
  },
  {
    file: 'idp-without-singlesignonservice.xml',
    code: 'SAML_NO_SSO_SERVICE',
    message: /no SingleSignOnService with an HTTP-Redirect or HTTP-POST binding/,
  },
  {
    file: 'large-signed-aggregate-swamid.xml',
    code: 'SAML_SEVERAL_IDPS',
    message: /federation aggregate .* 39 IdPs .* and 34 more/,
  },
  {
    file: 'no-entityid-no-namespace-xmldecl-not-first.xml',
    code: 'SAML_NOT_WELL_FORMED',
    message: /not well-formed XML/,
  },
  {
    file: 'no-sso-no-namespace-xmldecl-not-first.xml',
    code: 'SAML_NOT_WELL_FORMED',
    message: /not well-formed XML/,
  },
  {
    file: 'rolling-signing-certs-keyinfo-wrong-namespace.xml',
    code: 'SAML_NO_SIGNING_CERTIFICATE',
    message:
      /no signing certificate in the XML-DSig namespace.*found in namespace urn:oasis:names:tc:SAML:2\.0:metadata/,
  },
  {
    file: 'sp-metadata-instead-of-idp.xml',
    code: 'SAML_SP_METADATA',
    message: /SP metadata .*not IdP metadata/,
  },
  {
    file: 'wrong-root-namespace-with-bom.xml',
    code: 'SAML_NOT_METADATA',
    message: /not SAML 2\.0 metadata.*urn:incorrect:namespace/,
  },
];

function expectRefusal(run: () => unknown, code: string, message: RegExp): FederationValidationError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FederationValidationError);
  const error = caught as FederationValidationError;
  expect({ code: error.code, message: error.message }).toEqual({
    code,
    message: expect.stringMatching(message),
  });
  return error;
}

describeWithSharedFixtures('parseSamlMetadata over the shared real-IdP fixtures', () => {
  const options: SamlMetadataParseOptions = { now: FIXTURE_DATE, field: 'metadataXml' };

  it('has an expectation for every fixture file', () => {
    expect(listSharedFixtures('saml/valid')).toEqual(VALID.map((c) => c.file).sort());
    expect(listSharedFixtures('saml/invalid')).toEqual(INVALID.map((c) => c.file).sort());
  });

  it.each(VALID.map((c) => [c.file, c] as const))('accepts %s', (_file, c) => {
    const summary = parseSamlMetadata(readSharedFixture('saml/valid', c.file), options);

    expect(summary.entityId).toEqual(
      typeof c.entityId === 'string' ? c.entityId : expect.stringMatching(c.entityId),
    );
    expect(warningKinds(summary)).toEqual([...c.warnings].sort());
    const bindings = new Set(summary.ssoUrls.map((u) => u.binding));
    expect(bindings.has(SAML_BINDING_HTTP_REDIRECT)).toBe(c.browserBindings.includes('redirect'));
    expect(bindings.has(SAML_BINDING_HTTP_POST)).toBe(c.browserBindings.includes('post'));
    expect(signingCount(summary)).toBe(c.signingCerts ?? signingCount(summary));
    expect(signingCount(summary)).toBeGreaterThan(0);
    if (c.encryptionCerts !== undefined) {
      expect(summary.certificates.filter((x) => x.use === 'encryption')).toHaveLength(c.encryptionCerts);
    }
    expect(summary.wantAuthnRequestsSigned).toBe(c.wantAuthnRequestsSigned ?? false);
    for (const cert of summary.certificates) {
      expect(cert.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(Number.isNaN(Date.parse(cert.notAfter))).toBe(false);
    }
    const fingerprints = summary.certificates.map((x) => `${x.use} ${x.fingerprintSha256}`);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    c.extra?.(summary);
  });

  it.each(INVALID.map((c) => [c.file, c] as const))('refuses %s', (_file, c) => {
    const error = expectRefusal(
      () => parseSamlMetadata(readSharedFixture('saml/invalid', c.file), options),
      c.code,
      c.message,
    );
    expect(error.field).toBe('metadataXml');
  });

  it('reports an oversized aggregate as too large when the cap is below its size', () => {
    expectRefusal(
      () =>
        parseSamlMetadata(readSharedFixture('saml/invalid', 'large-signed-aggregate-swamid.xml'), {
          maxBytes: 512 * 1024,
        }),
      'SAML_TOO_LARGE',
      /over the 524288-byte limit/,
    );
  });
});

// Small generated documents: the core rules must hold without the shared fixtures.
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

function idpMetadata(
  opts: { md?: string; ds?: string; cert?: string; extraRootAttrs?: string } = {},
): string {
  const md = opts.md === undefined ? 'md:' : opts.md;
  const ds = opts.ds === undefined ? 'ds:' : opts.ds;
  const mdDecl = md === '' ? `xmlns="${MD}"` : `xmlns:${md.slice(0, -1)}="${MD}"`;
  const dsDecl = ds === '' ? `xmlns="${DS}"` : `xmlns:${ds.slice(0, -1)}="${DS}"`;
  const keyInfo =
    ds === ''
      ? `<KeyInfo ${dsDecl}><X509Data><X509Certificate>${opts.cert ?? SELF_SIGNED_TEST_CERT_BASE64}</X509Certificate></X509Data></KeyInfo>`
      : `<${ds}KeyInfo ${dsDecl}><${ds}X509Data><${ds}X509Certificate>${opts.cert ?? SELF_SIGNED_TEST_CERT_BASE64}</${ds}X509Certificate></${ds}X509Data></${ds}KeyInfo>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${md}EntityDescriptor ${mdDecl} entityID="https://idp.example.test/saml" ${opts.extraRootAttrs ?? ''}>` +
    `<${md}IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<${md}KeyDescriptor use="signing">${keyInfo}</${md}KeyDescriptor>` +
    `<${md}NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</${md}NameIDFormat>` +
    `<${md}SingleSignOnService Binding="${SAML_BINDING_HTTP_REDIRECT}" Location="https://idp.example.test/sso"/>` +
    `</${md}IDPSSODescriptor></${md}EntityDescriptor>`
  );
}

describe('parseSamlMetadata on crafted documents', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it.each([
    ['md: and ds: prefixes', { md: 'md:', ds: 'ds:' }],
    ['default namespace for metadata', { md: '', ds: 'ds:' }],
    ['unusual prefixes', { md: 'saml2md:', ds: 'sig:' }],
    ['default namespace redeclared on KeyInfo', { md: 'm:', ds: '' }],
  ])('finds elements by namespace with %s', (_label, prefixes) => {
    const summary = parseSamlMetadata(idpMetadata(prefixes), { now });
    expect(summary.entityId).toBe('https://idp.example.test/saml');
    expect(summary.certificates).toHaveLength(1);
    expect(summary.nameIdFormats).toEqual(['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress']);
  });

  it('does not trust a familiar prefix bound to the wrong namespace', () => {
    const xml = idpMetadata().replace(`xmlns:md="${MD}"`, 'xmlns:md="urn:example:not-metadata"');
    expectRefusal(() => parseSamlMetadata(xml, { now }), 'SAML_NOT_METADATA', /not SAML 2\.0 metadata/);
  });

  it('accepts a UTF-8 BOM, as a string and as bytes', () => {
    const xml = `\uFEFF${idpMetadata()}`;
    expect(parseSamlMetadata(xml, { now }).entityId).toBe('https://idp.example.test/saml');
    expect(parseSamlMetadata(Buffer.from(xml, 'utf8'), { now }).entityId).toBe(
      'https://idp.example.test/saml',
    );
  });

  it('refuses bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(idpMetadata(), 'utf16le')]);
    expectRefusal(() => parseSamlMetadata(bytes, { now }), 'SAML_NOT_UTF8', /not UTF-8/);
  });

  it('refuses a DOCTYPE before any entity is expanded (XXE)', () => {
    const xml = idpMetadata().replace(
      '<?xml version="1.0" encoding="UTF-8"?>\n',
      '<?xml version="1.0"?><!DOCTYPE md:EntityDescriptor [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    expectRefusal(() => parseSamlMetadata(xml, { now }), 'SAML_DOCTYPE_NOT_ALLOWED', /DTD/);
  });

  it('refuses a document over the size cap, counting bytes rather than characters', () => {
    const xml = idpMetadata({ extraRootAttrs: `note="${'é'.repeat(600)}"` });
    const bytes = Buffer.byteLength(xml, 'utf8');
    expect(xml.length).toBeLessThan(bytes);
    expectRefusal(
      () => parseSamlMetadata(xml, { now, maxBytes: xml.length }),
      'SAML_TOO_LARGE',
      new RegExp(`is ${bytes} bytes`),
    );
    expect(parseSamlMetadata(xml, { now, maxBytes: bytes }).entityId).toBe('https://idp.example.test/saml');
  });

  it('refuses malformed XML that xmldom would otherwise tolerate', () => {
    expectRefusal(
      () => parseSamlMetadata(idpMetadata().replace('</md:EntityDescriptor>', ''), { now }),
      'SAML_NOT_WELL_FORMED',
      /not well-formed XML/,
    );
    expectRefusal(
      () => parseSamlMetadata('', { now }),
      'SAML_NOT_WELL_FORMED',
      /not well-formed XML|no root/,
    );
  });

  it('refuses base64 of a PEM file (double encoding) and PEM armour', () => {
    const pem = new X509Certificate(Buffer.from(SELF_SIGNED_TEST_CERT_BASE64, 'base64')).toString();
    expectRefusal(
      () => parseSamlMetadata(idpMetadata({ cert: Buffer.from(pem).toString('base64') }), { now }),
      'SAML_CERTIFICATE_UNREADABLE',
      /base64 of a PEM file/,
    );
    expectRefusal(
      () => parseSamlMetadata(idpMetadata({ cert: pem }), { now }),
      'SAML_CERTIFICATE_UNREADABLE',
      /PEM text/,
    );
  });

  it('refuses base64 that decodes to something other than a certificate', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expectRefusal(
      () => parseSamlMetadata(idpMetadata({ cert: spki }), { now }),
      'SAML_CERTIFICATE_UNREADABLE',
      /not a valid X\.509 certificate/,
    );
  });

  it('warns about a signing certificate inside the expiry window, which is configurable', () => {
    const summary = parseSamlMetadata(idpMetadata(), { now });
    const notAfter = Date.parse(summary.certificates[0]?.notAfter ?? '');
    const tenDaysBefore = new Date(notAfter - 10 * 24 * 3600 * 1000);
    expect(parseSamlMetadata(idpMetadata(), { now: tenDaysBefore }).warnings).toEqual([
      expect.stringMatching(/expires on .* in 10 days/),
    ]);
    expect(parseSamlMetadata(idpMetadata(), { now: tenDaysBefore, expiryWarningDays: 5 }).warnings).toEqual(
      [],
    );
  });

  it('takes the earliest validUntil and reads a zone-less dateTime as UTC', () => {
    const xml = idpMetadata({ extraRootAttrs: 'validUntil="2026-01-20T00:00:00"' });
    const summary = parseSamlMetadata(xml, { now });
    expect(summary.validUntil).toBe('2026-01-20T00:00:00.000Z');
    expect(summary.warnings).toEqual([expect.stringMatching(/validUntil .* is in 19 days/)]);
  });

  it('reads WantAuthnRequestsSigned as an xs:boolean', () => {
    const xml = idpMetadata().replace(
      '<md:IDPSSODescriptor ',
      '<md:IDPSSODescriptor WantAuthnRequestsSigned="1" ',
    );
    expect(parseSamlMetadata(xml, { now }).wantAuthnRequestsSigned).toBe(true);
  });

  it('takes the only IdP from an EntitiesDescriptor and refuses one that also holds an SP', () => {
    const idp = idpMetadata().replace('<?xml version="1.0" encoding="UTF-8"?>\n', '');
    const wrapped = `<md:EntitiesDescriptor xmlns:md="${MD}" validUntil="2026-06-01T00:00:00Z">${idp}</md:EntitiesDescriptor>`;
    expect(parseSamlMetadata(wrapped, { now }).validUntil).toBe('2026-06-01T00:00:00.000Z');

    const sp =
      `<md:EntityDescriptor entityID="https://sp.example.test"><md:SPSSODescriptor ` +
      `protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
    const withSp = wrapped.replace('</md:EntitiesDescriptor>', `${sp}</md:EntitiesDescriptor>`);
    expectRefusal(
      () => parseSamlMetadata(withSp, { now }),
      'SAML_AGGREGATE_WITH_SP',
      /SP metadata besides the IdP/,
    );
  });
});

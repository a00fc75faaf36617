import { SELF_SIGNED_TEST_CERT_BASE64 } from './self-signed-test-cert';

/**
 * Small IdP metadata made for tests: one entity, an HTTP-Redirect SSO endpoint, and one signing KeyDescriptor per
 * certificate (base64 DER; by default a fixed one valid until 2035).
 */
export function testSamlMetadata(
  entityId: string,
  beforeRoot = '',
  signingCertificates: readonly string[] = [SELF_SIGNED_TEST_CERT_BASE64],
): string {
  const keyDescriptors = signingCertificates.map(
    (cert) => `
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
        <ds:X509Certificate>${cert}</ds:X509Certificate>
      </ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>${beforeRoot}
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keyDescriptors.join('')}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

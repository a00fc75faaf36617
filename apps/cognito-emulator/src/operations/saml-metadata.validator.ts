import { DOMParser } from '@xmldom/xmldom';

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';

/** True when the document is SAML 2.0 metadata describing an IdP (EntityDescriptor with an IDPSSODescriptor). */
export function isSamlIdpMetadata(xml: string): boolean {
  let valid = true;
  try {
    const document = new DOMParser({
      onError: () => {
        valid = false;
      },
    }).parseFromString(xml, 'text/xml');
    const root = document.documentElement;
    if (!valid || !root) return false;
    const descriptors =
      root.localName === 'EntityDescriptor'
        ? [root]
        : root.localName === 'EntitiesDescriptor'
          ? Array.from(root.getElementsByTagNameNS(METADATA_NS, 'EntityDescriptor'))
          : [];
    if (root.namespaceURI !== METADATA_NS || descriptors.length === 0) return false;
    return descriptors.some((d) => d.getElementsByTagNameNS(METADATA_NS, 'IDPSSODescriptor').length > 0);
  } catch {
    return false;
  }
}

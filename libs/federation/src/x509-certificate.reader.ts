import { X509Certificate } from 'node:crypto';

/** What the admin and the certificate monitor need to know about one certificate. */
export interface X509CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Upper-case hex pairs joined by colons, the form IdP consoles display. */
  readonly fingerprintSha256: string;
}

export type X509ReadResult =
  | { readonly ok: true; readonly facts: X509CertificateFacts }
  | { readonly ok: false; readonly reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DER_SEQUENCE_TAG = 0x30;

/**
 * Reads the text of an `<ds:X509Certificate>` element: base64 of a DER certificate, possibly wrapped or
 * spaced. Anything else (placeholder text, PEM armour, base64 of a PEM file) is refused with the reason,
 * because Cognito would fail later with a far less helpful message.
 */
export function readX509Certificate(text: string): X509ReadResult {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) return { ok: false, reason: 'the element is empty' };
  if (compact.includes('-----BEGIN')) {
    return { ok: false, reason: 'it holds PEM text; the element must hold only the base64 DER body' };
  }
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    return { ok: false, reason: `it is not base64 (starts with "${compact.slice(0, 20)}")` };
  }
  const der = Buffer.from(compact, 'base64');
  // Node's X509Certificate also accepts PEM, so base64-of-PEM would slip through without this check.
  if (der[0] !== DER_SEQUENCE_TAG) {
    const looksLikePem = der.subarray(0, 11).toString('latin1') === '-----BEGIN ';
    return {
      ok: false,
      reason: looksLikePem
        ? 'it is base64 of a PEM file (double-encoded), not base64 DER'
        : 'the decoded bytes are not a DER certificate',
    };
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (error) {
    return { ok: false, reason: `it is not a valid X.509 certificate (${(error as Error).message})` };
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    return { ok: false, reason: 'its validity dates cannot be read' };
  }
  return {
    ok: true,
    facts: {
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      notBefore,
      notAfter,
      fingerprintSha256: cert.fingerprint256,
    },
  };
}

// Node renders names one RDN per line; a single line reads better in an admin UI and in logs.
function distinguishedName(multiline: string): string {
  return multiline
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(', ');
}

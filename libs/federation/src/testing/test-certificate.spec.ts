import { X509Certificate } from 'node:crypto';
import { parseSamlMetadata } from '../saml-metadata.parser';
import { testSamlMetadata } from './saml-metadata.factory';
import { createTestCertificate } from './test-certificate';

describe('createTestCertificate', () => {
  it('makes a self-signed certificate that Node and the metadata parser read, with the dates asked for', () => {
    const notAfter = new Date('2026-03-04T05:06:07Z');
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const der = Buffer.from(
      createTestCertificate({ commonName: 'Rotating IdP', notBefore, notAfter }),
      'base64',
    );
    const cert = new X509Certificate(der);
    expect(cert.subject).toBe('CN=Rotating IdP');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(cert.verify(cert.publicKey)).toBe(true);

    const summary = parseSamlMetadata(
      testSamlMetadata('https://idp.example/x', '', [der.toString('base64')]),
      {
        now: notBefore,
      },
    );
    expect(summary.certificates[0]).toMatchObject({ use: 'signing', notAfter: '2026-03-04T05:06:07.000Z' });
  });

  it('uses GeneralizedTime from 2050 on, and gives distinct serials distinct fingerprints', () => {
    const far = new Date('2061-01-01T00:00:00Z');
    const a = new X509Certificate(Buffer.from(createTestCertificate({ notAfter: far, serial: 1 }), 'base64'));
    const b = new X509Certificate(
      Buffer.from(createTestCertificate({ notAfter: far, serial: 300 }), 'base64'),
    );
    expect(new Date(a.validTo).toISOString()).toBe(far.toISOString());
    expect(a.fingerprint256).not.toBe(b.fingerprint256);
  });
});

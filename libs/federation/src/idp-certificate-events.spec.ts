import {
  certificateAlertKey,
  certificateEventOf,
  IDP_CERTIFICATE_TOPICS,
  newCertificateAlerts,
} from './idp-certificate-events';
import type { CertificateAlert } from './idp-certificate-expiry';

const alert = (
  idp: string,
  fingerprint: string,
  threshold: CertificateAlert['threshold'],
): CertificateAlert => ({
  tenantId: 't1',
  identityProviderId: idp,
  identityProviderName: `name-${idp}`,
  cognitoProviderName: `acme.${idp}`,
  fingerprintSha256: fingerprint,
  subject: 'CN=x',
  notAfter: '2026-06-10T00:00:00.000Z',
  threshold,
});

describe('newCertificateAlerts', () => {
  it('keeps only alerts whose IdP, certificate and threshold have no event yet', () => {
    const recorded = new Set([certificateAlertKey(alert('p1', 'AA', 'expiring'))]);
    const fresh = newCertificateAlerts(
      [
        alert('p1', 'AA', 'expiring'),
        alert('p1', 'AA', 'expired'),
        alert('p1', 'BB', 'expiring'),
        alert('p2', 'AA', 'expiring'),
      ],
      recorded,
    );
    expect(fresh.map(certificateAlertKey)).toEqual(['p1 AA expired', 'p1 BB expiring', 'p2 AA expiring']);
  });

  it('returns each alert once even when it is listed twice, and nothing when all are recorded', () => {
    expect(
      newCertificateAlerts([alert('p1', 'AA', 'expired'), alert('p1', 'AA', 'expired')], new Set()),
    ).toHaveLength(1);
    const all = [alert('p1', 'AA', 'expiring')];
    expect(newCertificateAlerts(all, new Set(all.map(certificateAlertKey)))).toEqual([]);
  });
});

describe('certificateEventOf', () => {
  it('carries the tenant, the IdP, the fingerprint and notAfter, on the topic of its threshold', () => {
    const event = certificateEventOf(alert('p1', 'AA:BB', 'expiring'), new Date('2026-06-01T00:00:00Z'));
    expect(event).toEqual({
      tenantId: 't1',
      identityProviderId: 'p1',
      identityProviderName: 'name-p1',
      cognitoProviderName: 'acme.p1',
      fingerprintSha256: 'AA:BB',
      subject: 'CN=x',
      notAfter: '2026-06-10T00:00:00.000Z',
      threshold: 'expiring',
      detectedAt: '2026-06-01T00:00:00.000Z',
    });
    expect(IDP_CERTIFICATE_TOPICS).toEqual({
      expiring: 'idp.certificate_expiring',
      expired: 'idp.certificate_expired',
    });
  });
});

import {
  assessSigningCertificates,
  idpCertificatesCondition,
  type MonitoredIdentityProvider,
} from './idp-certificate-expiry';
import type { SamlCertificateSummary, SamlKeyUse } from './saml-metadata.parser';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 24 * 3600 * 1000;

function cert(
  daysLeft: number,
  use: SamlKeyUse = 'signing',
  fingerprint = `FP${daysLeft}`,
): SamlCertificateSummary {
  return {
    use,
    subject: `CN=cert ${daysLeft}`,
    issuer: `CN=cert ${daysLeft}`,
    notBefore: new Date(NOW.getTime() - 300 * DAY).toISOString(),
    notAfter: new Date(NOW.getTime() + daysLeft * DAY).toISOString(),
    fingerprintSha256: fingerprint,
  };
}

function idp(name: string, ...certificates: SamlCertificateSummary[]): MonitoredIdentityProvider {
  return {
    id: `id-${name}`,
    tenantId: 't1',
    name,
    cognitoProviderName: `acme.${name}`,
    version: 1,
    certificates,
  };
}

describe('assessSigningCertificates', () => {
  it('is valid while the certificate outlives the window, expiring inside it, expired after notAfter', () => {
    expect(assessSigningCertificates(idp('a', cert(31)), NOW, 30)).toMatchObject({
      state: 'valid',
      alerts: [],
    });
    expect(assessSigningCertificates(idp('a', cert(30)), NOW, 30).state).toBe('expiring');
    expect(assessSigningCertificates(idp('a', cert(0.01)), NOW, 30).state).toBe('expiring');
    expect(assessSigningCertificates(idp('a', cert(0)), NOW, 30).state).toBe('expired');
    expect(assessSigningCertificates(idp('a', cert(-400)), NOW, 30).state).toBe('expired');
    expect(assessSigningCertificates(idp('a', cert(10)), NOW, 5).state).toBe('valid');
  });

  it('names the IdP, the certificate and the threshold in each alert', () => {
    const [alert] = assessSigningCertificates(idp('okta', cert(3)), NOW, 30).alerts;
    expect(alert).toEqual({
      tenantId: 't1',
      identityProviderId: 'id-okta',
      identityProviderName: 'okta',
      cognitoProviderName: 'acme.okta',
      fingerprintSha256: 'FP3',
      subject: 'CN=cert 3',
      notAfter: new Date(NOW.getTime() + 3 * DAY).toISOString(),
      threshold: 'expiring',
    });
  });

  it('stays valid while a successor certificate is published beside the expiring one (rollover)', () => {
    const assessment = assessSigningCertificates(idp('adfs', cert(2), cert(700)), NOW, 30);
    expect(assessment).toMatchObject({ state: 'valid', alerts: [] });
    expect(assessment.latestNotAfter).toBe(cert(700).notAfter);
  });

  it('alerts on every signing certificate when none outlives the window, each at its own threshold', () => {
    const assessment = assessSigningCertificates(idp('adfs', cert(-5), cert(12)), NOW, 30);
    expect(assessment.state).toBe('expiring');
    expect(assessment.alerts.map((a) => [a.fingerprintSha256, a.threshold])).toEqual([
      ['FP-5', 'expired'],
      ['FP12', 'expiring'],
    ]);
  });

  it('ignores encryption certificates, and counts those without a use as signing', () => {
    expect(assessSigningCertificates(idp('a', cert(3, 'encryption'), cert(90)), NOW, 30).state).toBe('valid');
    expect(assessSigningCertificates(idp('a', cert(900, 'encryption'), cert(3)), NOW, 30).state).toBe(
      'expiring',
    );
    expect(assessSigningCertificates(idp('a', cert(3, 'unspecified')), NOW, 30).state).toBe('expiring');
    expect(assessSigningCertificates(idp('a'), NOW, 30)).toMatchObject({
      state: 'valid',
      latestNotAfter: null,
    });
  });
});

describe('idpCertificatesCondition', () => {
  const assess = (...idps: MonitoredIdentityProvider[]) =>
    idps.map((p) => assessSigningCertificates(p, NOW, 30));

  it('is True when every IdP has a certificate beyond the window, or there are no SAML IdPs', () => {
    expect(idpCertificatesCondition(assess(idp('a', cert(90))), 30)).toMatchObject({
      type: 'IdpCertificatesValid',
      status: 'True',
      reason: 'CertificatesValid',
    });
    expect(idpCertificatesCondition([], 30)).toMatchObject({
      status: 'True',
      reason: 'NoSamlIdentityProviders',
    });
  });

  it('is False naming each IdP at risk and its date, soonest first; Expired wins over Expiring', () => {
    const expiring = idpCertificatesCondition(assess(idp('okta', cert(20)), idp('fine', cert(90))), 30);
    expect(expiring).toMatchObject({ status: 'False', reason: 'CertificateExpiring' });
    expect(expiring.message).toContain('"okta": signing certificate expires on 2026-06-21');
    expect(expiring.message).not.toContain('fine');

    const both = idpCertificatesCondition(assess(idp('okta', cert(20)), idp('adfs', cert(-30))), 30);
    expect(both.reason).toBe('CertificateExpired');
    expect(both.message).toMatch(
      /^identity provider "adfs": signing certificate expired on 2026-05-02; .*"okta"/,
    );
  });

  it('says the same thing on another day, so an unchanged situation writes nothing', () => {
    const later = new Date(NOW.getTime() + DAY);
    const today = idpCertificatesCondition(assess(idp('okta', cert(20))), 30);
    const tomorrow = idpCertificatesCondition(
      [assessSigningCertificates(idp('okta', cert(20)), later, 30)],
      30,
    );
    expect(tomorrow).toEqual(today);
  });
});

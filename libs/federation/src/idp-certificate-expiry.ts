import type { ConditionUpdate } from '@idplane/tenancy';
import type { SamlCertificateSummary } from './saml-metadata.parser';

const DAY_MS = 24 * 3600 * 1000;

export const IDP_CERTIFICATES_CONDITION = 'IdpCertificatesValid' as const;

/** A SAML IdP as the certificate monitor sees it. */
export interface MonitoredIdentityProvider {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly cognitoProviderName: string;
  /** The IdP's optimistic-lock version when it was read: a check made on an older one is not written. */
  readonly version: number;
  readonly certificates: readonly SamlCertificateSummary[];
}

/** `expiring`: within the warning window; `expired`: notAfter has passed. */
export type CertificateThreshold = 'expiring' | 'expired';

/** One signing certificate that crossed a threshold, with everything an event about it needs. */
export interface CertificateAlert {
  readonly tenantId: string;
  readonly identityProviderId: string;
  readonly identityProviderName: string;
  readonly cognitoProviderName: string;
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly threshold: CertificateThreshold;
}

export interface IdpCertificateAssessment {
  readonly identityProvider: MonitoredIdentityProvider;
  /** `valid` as long as one signing certificate outlives the window, since Cognito accepts a signature by any. */
  readonly state: 'valid' | CertificateThreshold;
  /** The latest notAfter among the signing certificates (null when there are none). */
  readonly latestNotAfter: string | null;
  /** Empty when the state is valid. */
  readonly alerts: readonly CertificateAlert[];
}

/** Where each signing certificate of one IdP stands at `now`, with a warning window of `warningDays`. */
export function assessSigningCertificates(
  idp: MonitoredIdentityProvider,
  now: Date,
  warningDays: number,
): IdpCertificateAssessment {
  // Cognito never encrypts toward the IdP, so only certificates that can verify its signatures count.
  const signing = idp.certificates.filter((c) => c.use !== 'encryption');
  const thresholds = signing.map((cert) => ({ cert, threshold: thresholdOf(cert, now, warningDays) }));
  const latest = signing.reduce<string | null>(
    (max, c) => (max === null || Date.parse(c.notAfter) > Date.parse(max) ? c.notAfter : max),
    null,
  );
  // A successor already published in the metadata (an IdP mid-rollover) leaves nothing for the admin to do.
  if (thresholds.length === 0 || thresholds.some((t) => t.threshold === null)) {
    return { identityProvider: idp, state: 'valid', latestNotAfter: latest, alerts: [] };
  }
  const alerts = thresholds.map(({ cert, threshold }) => ({
    tenantId: idp.tenantId,
    identityProviderId: idp.id,
    identityProviderName: idp.name,
    cognitoProviderName: idp.cognitoProviderName,
    fingerprintSha256: cert.fingerprintSha256,
    subject: cert.subject,
    notAfter: cert.notAfter,
    threshold: threshold as CertificateThreshold,
  }));
  const state = alerts.some((a) => a.threshold === 'expiring') ? 'expiring' : 'expired';
  return { identityProvider: idp, state, latestNotAfter: latest, alerts };
}

function thresholdOf(
  cert: SamlCertificateSummary,
  now: Date,
  warningDays: number,
): CertificateThreshold | null {
  const remaining = Date.parse(cert.notAfter) - now.getTime();
  if (Number.isNaN(remaining) || remaining <= 0) return 'expired';
  return remaining <= warningDays * DAY_MS ? 'expiring' : null;
}

/**
 * The tenant's IdpCertificatesValid condition from the assessments of all its SAML IdPs. The message names each
 * IdP at risk and the date, and leaves out anything that changes from day to day (such as "in 5 days"), so that an
 * unchanged situation writes nothing.
 */
export function idpCertificatesCondition(
  assessments: readonly IdpCertificateAssessment[],
  warningDays: number,
): ConditionUpdate & { type: typeof IDP_CERTIFICATES_CONDITION } {
  const type = IDP_CERTIFICATES_CONDITION;
  if (assessments.length === 0) {
    return {
      type,
      status: 'True',
      reason: 'NoSamlIdentityProviders',
      message: 'the tenant has no SAML identity providers',
    };
  }
  const atRisk = assessments
    .filter((a) => a.state !== 'valid')
    .sort(
      (a, b) =>
        Date.parse(a.latestNotAfter ?? '') - Date.parse(b.latestNotAfter ?? '') ||
        a.identityProvider.name.localeCompare(b.identityProvider.name),
    );
  if (atRisk.length === 0) {
    return {
      type,
      status: 'True',
      reason: 'CertificatesValid',
      message: `every SAML identity provider has a signing certificate valid for more than ${warningDays} days`,
    };
  }
  const parts = atRisk.map((a) => {
    const date = (a.latestNotAfter ?? 'an unknown date').slice(0, 10);
    const verb = a.state === 'expired' ? 'expired on' : 'expires on';
    return `identity provider "${a.identityProvider.name}": signing certificate ${verb} ${date}`;
  });
  return {
    type,
    status: 'False',
    reason: atRisk.some((a) => a.state === 'expired') ? 'CertificateExpired' : 'CertificateExpiring',
    message: `${parts.join('; ')}. Rotate the certificate at the IdP and update its metadata.`,
  };
}

import type { CertificateAlert, CertificateThreshold } from './idp-certificate-expiry';

/** Lifecycle events in the outbox, for webhook delivery: one per IdP signing certificate and threshold. */
export const IDP_CERTIFICATE_EXPIRING_TOPIC = 'idp.certificate_expiring';
export const IDP_CERTIFICATE_EXPIRED_TOPIC = 'idp.certificate_expired';

export const IDP_CERTIFICATE_TOPICS: Readonly<Record<CertificateThreshold, string>> = {
  expiring: IDP_CERTIFICATE_EXPIRING_TOPIC,
  expired: IDP_CERTIFICATE_EXPIRED_TOPIC,
};

/** The payload of an idp.certificate_expiring / idp.certificate_expired outbox message. */
export interface IdpCertificateEvent {
  readonly tenantId: string;
  readonly identityProviderId: string;
  readonly identityProviderName: string;
  readonly cognitoProviderName: string;
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly threshold: CertificateThreshold;
  readonly detectedAt: string;
}

/** What makes an alert the same event as an earlier one: the IdP, the certificate and the threshold. */
export function certificateAlertKey(
  alert: Pick<CertificateAlert, 'identityProviderId' | 'fingerprintSha256' | 'threshold'>,
): string {
  return `${alert.identityProviderId} ${alert.fingerprintSha256} ${alert.threshold}`;
}

/** The alerts that have no event yet, given the keys (certificateAlertKey) of those already recorded. */
export function newCertificateAlerts(
  alerts: readonly CertificateAlert[],
  recorded: ReadonlySet<string>,
): CertificateAlert[] {
  const seen = new Set(recorded);
  return alerts.filter((alert) => {
    const key = certificateAlertKey(alert);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function certificateEventOf(alert: CertificateAlert, detectedAt: Date): IdpCertificateEvent {
  return {
    tenantId: alert.tenantId,
    identityProviderId: alert.identityProviderId,
    identityProviderName: alert.identityProviderName,
    cognitoProviderName: alert.cognitoProviderName,
    fingerprintSha256: alert.fingerprintSha256,
    subject: alert.subject,
    notAfter: alert.notAfter,
    threshold: alert.threshold,
    detectedAt: detectedAt.toISOString(),
  };
}

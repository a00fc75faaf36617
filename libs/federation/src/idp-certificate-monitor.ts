import type { ConditionUpdate } from '@idplane/tenancy';
import { newCertificateAlerts } from './idp-certificate-events';
import {
  assessSigningCertificates,
  idpCertificatesCondition,
  type CertificateAlert,
  type CertificateThreshold,
  type IdpCertificateAssessment,
  type MonitoredIdentityProvider,
} from './idp-certificate-expiry';

/** What one tenant's check writes, in one transaction. */
export interface TenantCertificateCheck {
  readonly tenantId: string;
  readonly condition: ConditionUpdate;
  /** Alerts with no event yet. The store records each at most once, with its outbox message. */
  readonly newAlerts: readonly CertificateAlert[];
  /**
   * Every SAML IdP of the tenant as it was read. The check is written only if they are still the same (else it is
   * `stale`); events of certificates an IdP no longer has are forgotten, so one that comes back is announced again.
   */
  readonly identityProviders: readonly { id: string; version: number; fingerprints: readonly string[] }[];
  readonly checkedAt: Date;
}

export interface TenantCertificateCheckResult {
  /** The tenant's SAML IdPs changed since they were read: nothing was written. */
  readonly stale: boolean;
  /** False when the condition already said the same (then nothing about it was written). */
  readonly conditionChanged: boolean;
  /** The alerts that got an event now (a racing check may have recorded some first). */
  readonly recorded: readonly CertificateAlert[];
}

/** The certificate monitor's storage port; the persistence adapter implements it. */
export interface IdpCertificateMonitorStore {
  /** Live tenants (not DELETING or DELETED) with a SAML IdP or with the condition, in id order after afterId. */
  listTenantsToCheck(afterId: string | null, limit: number): Promise<string[]>;
  listSamlProviders(tenantIds: readonly string[]): Promise<MonitoredIdentityProvider[]>;
  /** certificateAlertKey of every event already recorded for these IdPs. */
  listRecordedAlertKeys(identityProviderIds: readonly string[]): Promise<Set<string>>;
  /**
   * In one transaction, under the tenant's row lock: writes the condition if it changed and each new alert's event.
   * A tenant that is gone or being deleted is left alone.
   */
  recordCheck(check: TenantCertificateCheck): Promise<TenantCertificateCheckResult>;
}

export interface IdpCertificateMonitorOptions {
  readonly warningDays: number;
  readonly now?: () => Date;
  readonly pageSize?: number;
}

export interface CertificateCheckResult {
  tenants: number;
  identityProviders: number;
  expiring: number;
  expired: number;
  conditionsChanged: number;
  /** Events recorded by this run, by threshold. */
  events: Record<CertificateThreshold, number>;
  /** Tenants whose condition changed: their live status is worth announcing. */
  changedTenantIds: string[];
}

const PAGE = 500;
const MAX_ATTEMPTS = 3;

/**
 * Finds SAML IdPs whose signing certificates expire within the warning window, keeps each tenant's
 * IdpCertificatesValid condition up to date, and records one lifecycle event per certificate and threshold.
 * Safe to run twice or concurrently: the store records an event at most once.
 */
export class IdpCertificateMonitor {
  private readonly now: () => Date;
  private readonly pageSize: number;

  constructor(
    private readonly store: IdpCertificateMonitorStore,
    private readonly options: IdpCertificateMonitorOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? PAGE;
  }

  /** Checks every tenant that needs it, or only `tenantIds` (after their metadata changed). */
  async run(tenantIds?: readonly string[]): Promise<CertificateCheckResult> {
    const result: CertificateCheckResult = {
      tenants: 0,
      identityProviders: 0,
      expiring: 0,
      expired: 0,
      conditionsChanged: 0,
      events: { expiring: 0, expired: 0 },
      changedTenantIds: [],
    };
    if (tenantIds !== undefined) {
      await this.checkTenants(tenantIds, result);
      return result;
    }
    let after: string | null = null;
    for (;;) {
      const ids = await this.store.listTenantsToCheck(after, this.pageSize);
      if (ids.length > 0) await this.checkTenants(ids, result);
      if (ids.length < this.pageSize) return result;
      after = ids[ids.length - 1];
    }
  }

  private async checkTenants(tenantIds: readonly string[], result: CertificateCheckResult): Promise<void> {
    const providers = await this.store.listSamlProviders(tenantIds);
    const recorded = await this.store.listRecordedAlertKeys(providers.map((p) => p.id));
    for (const tenantId of tenantIds) {
      let own = providers.filter((p) => p.tenantId === tenantId);
      let check = this.checkOf(tenantId, own, recorded);
      let outcome = await this.store.recordCheck(check);
      // An IdP changed between read and write (a refresh or an admin's edit): read that tenant again.
      for (let attempt = 1; outcome.stale && attempt < MAX_ATTEMPTS; attempt++) {
        own = await this.store.listSamlProviders([tenantId]);
        const again = await this.store.listRecordedAlertKeys(own.map((p) => p.id));
        check = this.checkOf(tenantId, own, again);
        outcome = await this.store.recordCheck(check);
      }
      if (outcome.stale) continue;
      const assessments = check.assessments;
      result.tenants += 1;
      result.identityProviders += own.length;
      result.expiring += assessments.filter((a) => a.state === 'expiring').length;
      result.expired += assessments.filter((a) => a.state === 'expired').length;
      for (const alert of outcome.recorded) result.events[alert.threshold] += 1;
      if (outcome.conditionChanged) {
        result.conditionsChanged += 1;
        result.changedTenantIds.push(tenantId);
      }
    }
  }

  private checkOf(
    tenantId: string,
    providers: readonly MonitoredIdentityProvider[],
    recorded: ReadonlySet<string>,
  ): TenantCertificateCheck & { assessments: readonly IdpCertificateAssessment[] } {
    const now = this.now();
    const assessments = providers.map((p) => assessSigningCertificates(p, now, this.options.warningDays));
    return {
      tenantId,
      assessments,
      condition: idpCertificatesCondition(assessments, this.options.warningDays),
      newAlerts: newCertificateAlerts(
        assessments.flatMap((a) => a.alerts),
        recorded,
      ),
      identityProviders: providers.map((p) => ({
        id: p.id,
        version: p.version,
        fingerprints: p.certificates.map((c) => c.fingerprintSha256),
      })),
      checkedAt: now,
    };
  }
}

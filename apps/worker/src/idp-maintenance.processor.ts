import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type {
  CertificateCheckResult,
  IdpCertificateMonitor,
  MetadataRefreshReport,
  MetadataRefreshResult,
  SamlMetadataRefresher,
} from '@idplane/federation';
import { IDP_CERT_CHECK_JOB, IDP_METADATA_REFRESH_JOB } from '@idplane/messaging';
import type { IdpMaintenanceMetrics } from './idp-maintenance-metrics';

export type IdpMaintenanceResult =
  | { job: typeof IDP_CERT_CHECK_JOB; check: CertificateCheckResult }
  | {
      job: typeof IDP_METADATA_REFRESH_JOB;
      refresh: MetadataRefreshResult;
      check: CertificateCheckResult | null;
    };

/** What the idp-maintenance jobs do, apart from the Nest wiring: run, count, log, announce changed tenants. */
export class IdpMaintenanceProcessor {
  constructor(
    private readonly monitor: IdpCertificateMonitor,
    private readonly refresher: SamlMetadataRefresher,
    private readonly metrics: IdpMaintenanceMetrics,
    private readonly logger: Logger,
    /** Announces a tenant's new conditions (for live subscriptions); failures there never fail the job. */
    private readonly announce: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  async process(job: Job): Promise<IdpMaintenanceResult> {
    if (job.name === IDP_CERT_CHECK_JOB) {
      const check = await this.monitor.run();
      this.metrics.providersAtRisk.set({ state: 'expiring' }, check.expiring);
      this.metrics.providersAtRisk.set({ state: 'expired' }, check.expired);
      await this.afterCheck(check);
      return { job: IDP_CERT_CHECK_JOB, check };
    }
    if (job.name === IDP_METADATA_REFRESH_JOB) {
      const refresh = await this.refresher.run((report) => this.onRefreshReport(report));
      this.logger.info(
        { checked: refresh.checked, outcomes: refresh.outcomes },
        'identity provider metadata refresh done',
      );
      // A rotated certificate should clear the tenant's condition now, not at the next scheduled check.
      const check =
        refresh.updatedTenantIds.length > 0 ? await this.monitor.run(refresh.updatedTenantIds) : null;
      if (check) await this.afterCheck(check);
      return { job: IDP_METADATA_REFRESH_JOB, refresh, check };
    }
    throw new Error(`unknown idp-maintenance job ${job.name}`);
  }

  private async afterCheck(check: CertificateCheckResult): Promise<void> {
    for (const [threshold, n] of Object.entries(check.events)) {
      if (n > 0) this.metrics.certificateEvents.inc({ threshold }, n);
    }
    const { changedTenantIds, ...counts } = check;
    this.logger.info(
      { ...counts, changedTenants: changedTenantIds.length },
      'identity provider certificate check done',
    );
    for (const tenantId of changedTenantIds) {
      await this.announce(tenantId).catch((error: unknown) =>
        this.logger.warn({ err: error, tenantId }, 'status announcement failed'),
      );
    }
  }

  private onRefreshReport(report: MetadataRefreshReport): void {
    this.metrics.metadataRefreshes.inc({ outcome: report.outcome });
    if (report.reason) this.metrics.metadataFetchFailures.inc({ reason: report.reason });
    if (report.outcome === 'unchanged') return;
    const fields = {
      tenantId: report.provider.tenantId,
      identityProviderId: report.provider.id,
      identityProvider: report.provider.name,
      outcome: report.outcome,
      reason: report.reason,
      // Safe to log: the service's messages name the URL and what was wrong, never a response body or a secret.
      error: report.error?.message,
    };
    if (report.outcome === 'updated')
      this.logger.info(fields, 'identity provider metadata changed; reconciling');
    else if (report.outcome === 'gone')
      this.logger.debug(fields, 'identity provider metadata refresh skipped');
    else this.logger.warn(fields, 'identity provider metadata refresh failed; the stored metadata is kept');
  }
}

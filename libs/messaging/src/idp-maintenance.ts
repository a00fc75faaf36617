import type { Queue } from 'bullmq';

/** Holds the repeatable IdP jobs: the certificate check and the metadata refresh. */
export const IDP_MAINTENANCE_QUEUE = 'idp-maintenance';
export const IDP_CERT_CHECK_JOB = 'idp-cert-check';
export const IDP_METADATA_REFRESH_JOB = 'idp-metadata-refresh';
export type IdpMaintenanceJobName = typeof IDP_CERT_CHECK_JOB | typeof IDP_METADATA_REFRESH_JOB;

export interface IdpMaintenanceSchedule {
  /** 0 turns the job off. */
  certificateCheckIntervalMs: number;
  metadataRefreshIntervalMs: number;
}

/**
 * Upserts (or removes, for an interval of 0) the job schedulers. They live in Redis under fixed ids, so every
 * worker replica upserting them at start still yields one job per interval.
 */
export async function scheduleIdpMaintenance(queue: Queue, schedule: IdpMaintenanceSchedule): Promise<void> {
  const jobs: [IdpMaintenanceJobName, number][] = [
    [IDP_CERT_CHECK_JOB, schedule.certificateCheckIntervalMs],
    [IDP_METADATA_REFRESH_JOB, schedule.metadataRefreshIntervalMs],
  ];
  for (const [name, every] of jobs) {
    if (every > 0)
      await queue.upsertJobScheduler(
        name,
        { every },
        { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    else await queue.removeJobScheduler(name);
  }
}

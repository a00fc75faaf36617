import { DelayedError, Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { reconcileJobOptions, ReconcileJobData } from '@idplane/messaging';
import { ReconcileReport, TenantReconciler } from '@idplane/reconciler';
import { RECONCILE_TOPIC, ReconcileIntent } from '@idplane/tenancy';
import type { WorkerMetrics } from './worker-metrics';

const LOCKED_RETRY_DELAY_MS = 1_000;

/** What a reconcile job does, apart from the Nest wiring: run, count, log with tenantId and runId, follow up. */
export class ReconcileJobProcessor {
  constructor(
    private readonly reconciler: TenantReconciler,
    private readonly queue: Queue,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
    private readonly maxAttempts: number,
    /**
     * Announces the tenant's new status (for live subscriptions), as the run left it when the report has it;
     * failures there never fail the run.
     */
    private readonly announce: (
      tenantId: string,
      settled?: ReconcileReport['settled'],
    ) => Promise<void> = async () => undefined,
  ) {}

  /** The run id of each failure thrown by process, so that onFailed logs it whatever the error's type. */
  private readonly failedRuns = new WeakMap<object, string>();

  async process(job: Job<ReconcileJobData, ReconcileReport>, token?: string): Promise<ReconcileReport> {
    const runId = randomUUID();
    try {
      return await this.run(job, runId, token);
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.failedRuns.set(error, runId);
      throw error;
    }
  }

  private async run(
    job: Job<ReconcileJobData, ReconcileReport>,
    runId: string,
    token: string | undefined,
  ): Promise<ReconcileReport> {
    const { tenantId, trigger } = job.data;
    const log = this.logger.child({ tenantId, runId, jobId: job.id, attempt: job.attemptsMade + 1 });
    const report = await this.reconciler.reconcile(tenantId, trigger, { runId });
    if (report.outcome === 'locked') {
      // Another worker holds this tenant: come back shortly without spending an attempt.
      await job.moveToDelayed(Date.now() + LOCKED_RETRY_DELAY_MS + Math.floor(Math.random() * 500), token);
      throw new DelayedError();
    }
    this.metrics.reconcileRuns.inc({ outcome: report.outcome });
    this.metrics.reconcileDuration.observe({ outcome: report.outcome }, report.durationMs / 1000);
    log.info(
      {
        outcome: report.outcome,
        generation: report.generation,
        plan: report.plan,
        calls: report.calls,
        mutatingCalls: report.mutatingCalls,
        durationMs: report.durationMs,
        error: report.error,
        followUp: report.followUp,
      },
      'reconcile finished',
    );
    await this.announce(tenantId, report.settled).catch((error: unknown) =>
      log.warn({ err: error }, 'status announcement failed'),
    );
    if (report.followUp) {
      // A newer generation was committed during the run and its own intent may not be relayed yet. While this job
      // is active, the deduplication id keeps exactly one pending job, whoever adds it.
      const intent: ReconcileIntent = {
        tenantId,
        generation: report.generation + 1,
        trigger: 'follow-up',
        requestId: runId,
      };
      await this.queue.add(RECONCILE_TOPIC, intent, reconcileJobOptions(intent, this.maxAttempts));
    }
    return report;
  }

  async onFailed(job: Job<ReconcileJobData> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof DelayedError) return;
    this.metrics.reconcileRuns.inc({ outcome: 'transient-error' });
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    const runId = this.failedRuns.get(error);
    const log = this.logger.child({ tenantId: job.data.tenantId, runId, jobId: job.id });
    log.warn({ err: error, exhausted }, 'reconcile attempt failed');
    // Runs from the worker's 'failed' event, where nobody awaits it: a rejection here would end the process.
    if (exhausted)
      await this.reconciler
        .markRetriesExhausted(job.data.tenantId, error.message)
        .catch((cause: unknown) => log.error({ err: cause }, 'could not mark the tenant FAILED'));
  }
}

import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { OutboxRelay, RECONCILE_QUEUE, ReconcileJobData, redisOptionsFromUrl } from '@idplane/messaging';
import { OutboxRepository } from '@idplane/persistence';
import { ReconcileReport, TenantReconciler } from '@idplane/reconciler';
import { WorkerMetrics } from './worker-metrics';

const LOCKED_RETRY_DELAY_MS = 1_000;

/** Hosts the BullMQ reconcile worker and the outbox relay, and stops both gracefully on SIGTERM. */
@Injectable()
export class ReconcileWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<ReconcileJobData, ReconcileReport> | null = null;
  private relay: OutboxRelay | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TenantReconciler) private readonly reconciler: TenantReconciler,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(Queue) private readonly queue: Queue,
    @Inject(WorkerMetrics) private readonly metrics: WorkerMetrics,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('ReconcileWorker');
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker<ReconcileJobData, ReconcileReport>(
      RECONCILE_QUEUE,
      (job, token) => this.process(job, token),
      {
        connection: redisOptionsFromUrl(this.config.REDIS_URL),
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.config.WORKER_CONCURRENCY,
      },
    );
    this.worker.on('failed', (job, error) => void this.onFailed(job, error));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'worker error'));
    this.queue.on('error', (error) => this.logger.error({ err: error }, 'queue error'));

    this.relay = new OutboxRelay(
      this.outbox,
      this.queue,
      {
        intervalMs: this.config.OUTBOX_POLL_INTERVAL_MS,
        batchSize: 100,
        maxAttempts: this.config.RECONCILE_MAX_ATTEMPTS,
      },
      (error) => this.logger.error({ err: error }, 'outbox relay pass failed; retrying'),
    );
    this.relay.start();
    this.logger.info({ concurrency: this.config.WORKER_CONCURRENCY }, 'reconcile worker started');
  }

  /** Stops taking jobs and waits for the ones in hand; a job cut off by a hard kill is returned by stall detection. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down: finishing jobs in hand');
    await this.relay?.stop();
    await this.worker?.close();
    await this.queue.close();
    this.logger.info('reconcile worker stopped');
  }

  private async process(
    job: Job<ReconcileJobData, ReconcileReport>,
    token?: string,
  ): Promise<ReconcileReport> {
    const { tenantId, trigger } = job.data;
    const log = this.logger.logger.child({ tenantId, runId: job.id, attempt: job.attemptsMade + 1 });
    const report = await this.reconciler.reconcile(tenantId, trigger);
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
        plan: report.plan,
        calls: report.calls,
        durationMs: report.durationMs,
        error: report.error,
      },
      'reconcile finished',
    );
    return report;
  }

  private async onFailed(job: Job<ReconcileJobData> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof DelayedError) return;
    this.metrics.reconcileRuns.inc({ outcome: 'transient-error' });
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(
      { tenantId: job.data.tenantId, runId: job.id, err: error, exhausted },
      'reconcile attempt failed',
    );
    if (exhausted) await this.reconciler.markRetriesExhausted(job.data.tenantId, error.message);
  }
}

import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import {
  DRIFT_SWEEP_JOB,
  DRIFT_SWEEP_QUEUE,
  OutboxRelay,
  PLAN_QUEUE,
  PlanJobData,
  publishTenantStatus,
  RECONCILE_QUEUE,
  REDIS,
  ReconcileJobData,
  runDriftSweep,
  redisOptionsFromUrl,
} from '@idplane/messaging';
import { OutboxRepository } from '@idplane/persistence';
import { PlanPreview, ReconcileReport, TenantReconciler } from '@idplane/reconciler';
import { TENANT_STORE, TenantStore } from '@idplane/tenancy';
import { ReconcileJobProcessor } from './reconcile-job.processor';
import { DRIFT_SWEEP_QUEUE_TOKEN } from './worker-queues';
import { WorkerMetrics } from './worker-metrics';

/**
 * Hosts the BullMQ workers (reconcile, plan previews, drift sweeps) and the outbox relay, and stops them gracefully
 * on SIGTERM.
 */
@Injectable()
export class ReconcileWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private workers: Worker[] = [];
  private relay: OutboxRelay | null = null;
  private readonly processor: ReconcileJobProcessor;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TenantReconciler) private readonly reconciler: TenantReconciler,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(TENANT_STORE) private readonly store: TenantStore,
    @Inject(Queue) private readonly queue: Queue,
    @Inject(DRIFT_SWEEP_QUEUE_TOKEN) private readonly sweepQueue: Queue,
    @Inject(WorkerMetrics) private readonly metrics: WorkerMetrics,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('ReconcileWorker');
    this.processor = new ReconcileJobProcessor(
      reconciler,
      queue,
      metrics,
      logger.logger,
      config.RECONCILE_MAX_ATTEMPTS,
      (tenantId, settled) => this.announceStatus(tenantId, settled),
    );
  }

  /** Publishes the tenant's recorded status on Redis, where every api replica relays it to subscribers. */
  private async announceStatus(tenantId: string, settled?: ReconcileReport['settled']): Promise<void> {
    const tenant = settled ?? (await this.store.findById(tenantId));
    if (!tenant) return;
    await publishTenantStatus(this.redis, this.config.QUEUE_PREFIX, {
      tenantId,
      status: tenant.status,
      generation: tenant.generation,
      observedGeneration: tenant.observedGeneration,
      conditions: tenant.conditions,
      at: new Date().toISOString(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = redisOptionsFromUrl(this.config.REDIS_URL);
    const prefix = this.config.QUEUE_PREFIX;
    const reconcile = new Worker<ReconcileJobData, ReconcileReport>(
      RECONCILE_QUEUE,
      (job, token) => this.processor.process(job, token),
      { connection, prefix, concurrency: this.config.WORKER_CONCURRENCY },
    );
    reconcile.on('failed', (job, error) => void this.processor.onFailed(job, error));
    const plans = new Worker<PlanJobData, PlanPreview>(
      PLAN_QUEUE,
      (job) => this.reconciler.preview(job.data.tenantId),
      { connection, prefix, concurrency: this.config.WORKER_CONCURRENCY },
    );
    const sweeps = new Worker(
      DRIFT_SWEEP_QUEUE,
      async (job) => {
        const result = await runDriftSweep(
          this.store,
          this.reconciler,
          this.queue,
          `sweep-${job.id ?? randomUUID()}`,
          this.config.RECONCILE_MAX_ATTEMPTS,
        );
        this.logger.info(result, 'drift sweep done');
        return result;
      },
      { connection, prefix, concurrency: 1 },
    );
    this.workers = [reconcile, plans, sweeps];
    for (const worker of this.workers)
      worker.on('error', (error) => this.logger.error({ err: error, queue: worker.name }, 'worker error'));
    this.queue.on('error', (error) => this.logger.error({ err: error }, 'queue error'));
    this.sweepQueue.on('error', (error) => this.logger.error({ err: error }, 'queue error'));

    const interval = this.config.DRIFT_SWEEP_INTERVAL_MS;
    // The scheduler lives in Redis: every worker upserts the same one, so sweeps don't multiply with replicas.
    if (interval > 0)
      await this.sweepQueue.upsertJobScheduler(
        DRIFT_SWEEP_JOB,
        { every: interval },
        { name: DRIFT_SWEEP_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    else await this.sweepQueue.removeJobScheduler(DRIFT_SWEEP_JOB);

    this.relay = new OutboxRelay(
      this.outbox,
      this.queue,
      {
        intervalMs: this.config.OUTBOX_POLL_INTERVAL_MS,
        batchSize: 100,
        maxAttempts: this.config.RECONCILE_MAX_ATTEMPTS,
        debounceMs: this.config.RECONCILE_DEBOUNCE_MS,
      },
      (error) => this.logger.error({ err: error }, 'outbox relay pass failed; retrying'),
    );
    this.relay.start();
    this.logger.info(
      { concurrency: this.config.WORKER_CONCURRENCY, driftSweepIntervalMs: interval },
      'reconcile worker started',
    );
  }

  /** Stops taking jobs and waits for the ones in hand; a job cut off by a hard kill is returned by stall detection. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down: finishing jobs in hand');
    await this.relay?.stop();
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queue.close();
    await this.sweepQueue.close();
    this.logger.info('reconcile worker stopped');
  }
}

import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import {
  LIFECYCLE_TOPICS,
  LifecycleEventRelay,
  redisOptionsFromUrl,
  WEBHOOK_DELIVERY_QUEUE,
  WebhookDeliveryJobData,
} from '@idplane/messaging';
import { AdvisoryLocks, OutboxRepository, PostgresOnboardingEventLog } from '@idplane/persistence';
import { ONBOARDING_EVENT_RETENTION_MS } from '@idplane/tenancy';
import { DataSource } from 'typeorm';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';

const DELIVERY_TIMEOUT_MS = 10_000;
const DELIVERY_CONCURRENCY = 8;
const OUTBOX_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Lifecycle events out: the relay from the outbox to the delivery queue and the delivery worker (where subscribers
 * are configured), and the retention of the outbox and of applied onboarding events.
 */
@Injectable()
export class LifecycleEventsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: LifecycleEventRelay | null = null;
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private readonly onboardingEvents: PostgresOnboardingEventLog;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(AdvisoryLocks) private readonly locks: AdvisoryLocks,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(Registry) private readonly registry: Registry,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('LifecycleEvents');
    this.onboardingEvents = new PostgresOnboardingEventLog(dataSource);
  }

  onApplicationBootstrap(): void {
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_INTERVAL_MS).unref();
    const urls = this.config.WEBHOOK_EVENT_URLS ?? {};
    // Without subscribers this worker leaves the events alone: another worker of the deployment may have them.
    if (Object.keys(urls).length === 0) return;
    const connection = redisOptionsFromUrl(this.config.REDIS_URL);
    const prefix = this.config.QUEUE_PREFIX;
    this.queue = new Queue(WEBHOOK_DELIVERY_QUEUE, { connection, prefix });
    this.queue.on('error', (error) => this.logger.error({ err: error }, 'queue error'));
    const processor = new WebhookDeliveryProcessor(
      { urls, secrets: this.config.WEBHOOK_SECRETS ?? {}, timeoutMs: DELIVERY_TIMEOUT_MS },
      this.registry,
      this.logger.logger,
    );
    this.worker = new Worker<WebhookDeliveryJobData>(
      WEBHOOK_DELIVERY_QUEUE,
      (job) => processor.process(job),
      {
        connection,
        prefix,
        concurrency: DELIVERY_CONCURRENCY,
      },
    );
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'worker error'));
    this.relay = new LifecycleEventRelay(
      this.outbox,
      this.queue,
      Object.keys(urls),
      {
        intervalMs: this.config.OUTBOX_POLL_INTERVAL_MS,
        batchSize: 100,
        maxAttempts: this.config.WEBHOOK_DELIVERY_MAX_ATTEMPTS,
      },
      (error) => this.logger.error({ err: error }, 'lifecycle event relay pass failed; retrying'),
    );
    this.relay.start();
  }

  /**
   * Retention: the outbox keeps a week (published rows, and lifecycle events no subscriber was configured for), and
   * applied onboarding events are kept while a redelivery of them could still be accepted.
   */
  private prune(): void {
    // One worker at a time: the others skip this hour's pass rather than delete the same rows alongside it.
    void this.locks
      .tryWithLock('retention-prune', () =>
        Promise.all([
          this.outbox.prunePublished(OUTBOX_RETENTION_MS),
          this.outbox.pruneUnpublished(LIFECYCLE_TOPICS, OUTBOX_RETENTION_MS),
          this.onboardingEvents.prune(ONBOARDING_EVENT_RETENTION_MS),
        ]),
      )
      .catch((error: unknown) => this.logger.warn({ err: error }, 'retention prune failed; next hour again'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.relay?.stop();
    await this.worker?.close();
    await this.queue?.close();
  }
}

import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { IDP_MAINTENANCE_QUEUE, redisOptionsFromUrl, scheduleIdpMaintenance } from '@idplane/messaging';
import { IdpMaintenanceProcessor } from './idp-maintenance.processor';

/** Injection token of the queue that holds the repeatable IdP jobs. */
export const IDP_MAINTENANCE_QUEUE_TOKEN = Symbol('IDP_MAINTENANCE_QUEUE');

/** Hosts the idp-maintenance BullMQ worker and upserts its job schedulers; stops gracefully on SIGTERM. */
@Injectable()
export class IdpMaintenanceService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IDP_MAINTENANCE_QUEUE_TOKEN) private readonly queue: Queue,
    @Inject(IdpMaintenanceProcessor) private readonly processor: IdpMaintenanceProcessor,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('IdpMaintenance');
  }

  async onApplicationBootstrap(): Promise<void> {
    // Concurrency 2: a long refresh (slow IdPs wait out the fetch timeout) must not hold up a certificate check.
    this.worker = new Worker(IDP_MAINTENANCE_QUEUE, (job) => this.processor.process(job), {
      connection: redisOptionsFromUrl(this.config.REDIS_URL),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 2,
    });
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'worker error'));
    this.worker.on('failed', (job, error) =>
      this.logger.error({ err: error, job: job?.name, jobId: job?.id }, 'idp-maintenance job failed'),
    );
    this.queue.on('error', (error) => this.logger.error({ err: error }, 'queue error'));
    const schedule = {
      certificateCheckIntervalMs: this.config.IDP_CERT_CHECK_INTERVAL_MS,
      metadataRefreshIntervalMs: this.config.IDP_METADATA_REFRESH_INTERVAL_MS,
    };
    await scheduleIdpMaintenance(this.queue, schedule);
    this.logger.info(
      { ...schedule, expiryWarningDays: this.config.IDP_CERT_EXPIRY_WARNING_DAYS },
      'idp maintenance scheduled',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}

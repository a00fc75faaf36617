import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import {
  deliveryVerdict,
  DeliveryVerdict,
  signWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookDeliveryJobData,
} from '@idplane/messaging';

export interface WebhookDeliverySettings {
  /** WEBHOOK_EVENT_URLS: each subscriber's endpoint. */
  urls: Readonly<Record<string, string>>;
  /** WEBHOOK_SECRETS: each subscriber's secrets; events are signed with all of them. */
  secrets: Readonly<Record<string, readonly string[]>>;
  timeoutMs: number;
}

/**
 * Posts one lifecycle event to one subscriber, signed like the onboarding webhooks it receives from them. A failure
 * to reach it, or an answer worth retrying, throws for BullMQ's backoff; any other refusal ends the job for good.
 * The URL and secrets are read from configuration at delivery, never stored with the job.
 */
export class WebhookDeliveryProcessor {
  private readonly deliveries: Counter<'outcome'>;

  constructor(
    private readonly settings: WebhookDeliverySettings,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.deliveries = new Counter({
      name: 'idplane_webhook_deliveries_total',
      help: 'Lifecycle event delivery attempts by outcome (delivered, retry, rejected).',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async process(job: Job<WebhookDeliveryJobData>): Promise<{ status: number }> {
    const { subscriber, event } = job.data;
    const url = Object.hasOwn(this.settings.urls, subscriber) ? this.settings.urls[subscriber] : undefined;
    const secrets = Object.hasOwn(this.settings.secrets, subscriber) ? this.settings.secrets[subscriber] : [];
    if (!url || secrets.length === 0) {
      this.count('rejected');
      throw new UnrecoverableError(`subscriber ${subscriber} is no longer configured`);
    }
    const body = JSON.stringify(event);
    let status: number;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'idplane-webhooks',
          'x-idplane-event-id': event.id,
          'x-idplane-event-type': event.type,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secrets, Math.floor(Date.now() / 1000), body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (error) {
      this.count('retry');
      const reason = error instanceof Error ? error.name : 'error';
      this.logger.warn(
        { subscriber, eventId: event.id, attempt: job.attemptsMade + 1, reason },
        'webhook unreachable',
      );
      throw new Error(`subscriber ${subscriber} unreachable (${reason})`);
    }
    const verdict = deliveryVerdict(status);
    this.count(verdict);
    const log = { subscriber, eventId: event.id, type: event.type, status, attempt: job.attemptsMade + 1 };
    if (verdict === 'delivered') {
      this.logger.info(log, 'webhook delivered');
      return { status };
    }
    this.logger.warn(
      log,
      verdict === 'retry' ? 'webhook refused; will retry' : 'webhook rejected; not retrying',
    );
    if (verdict === 'rejected') throw new UnrecoverableError(`subscriber ${subscriber} answered ${status}`);
    throw new Error(`subscriber ${subscriber} answered ${status}`);
  }

  private count(outcome: DeliveryVerdict): void {
    this.deliveries.inc({ outcome });
  }
}

import type { JobsOptions, Queue } from 'bullmq';
import { IDP_CERTIFICATE_EXPIRED_TOPIC, IDP_CERTIFICATE_EXPIRING_TOPIC } from '@idplane/federation';
import type { PendingOutboxMessage } from '@idplane/persistence';
import { TENANT_DRIFT_DETECTED_TOPIC, TENANT_STATUS_CHANGED_TOPIC } from '@idplane/tenancy';

/** The outbox topics delivered to subscribers as signed webhooks. */
export const LIFECYCLE_TOPICS: readonly string[] = [
  TENANT_STATUS_CHANGED_TOPIC,
  TENANT_DRIFT_DETECTED_TOPIC,
  IDP_CERTIFICATE_EXPIRING_TOPIC,
  IDP_CERTIFICATE_EXPIRED_TOPIC,
];

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

/** What a subscriber receives: the event's id is stable across retries, so a receiver can drop a repeat. */
export interface LifecycleEvent {
  id: string;
  type: string;
  occurredAt: string;
  tenantId: string;
  data: Record<string, unknown>;
}

export interface WebhookDeliveryJobData {
  subscriber: string;
  event: LifecycleEvent;
}

export function lifecycleEventOf(message: PendingOutboxMessage): LifecycleEvent {
  return {
    id: message.id,
    type: message.topic,
    occurredAt: message.createdAt.toISOString(),
    tenantId: message.aggregateId,
    data: message.payload,
  };
}

/**
 * One delivery job per event and subscriber. The job id makes a double publish (after a crash) one delivery; retries
 * back off exponentially from 10 s (doubling, less up to 20% jitter), so the default 12 attempts span up to
 * about 5.7 hours of a subscriber being down.
 */
export function webhookDeliveryJobs(
  messages: readonly PendingOutboxMessage[],
  subscribers: readonly string[],
  maxAttempts: number,
  backoffMs = 10_000,
): { name: string; data: WebhookDeliveryJobData; opts: JobsOptions }[] {
  return messages.flatMap((message) =>
    subscribers.map((subscriber) => ({
      name: message.topic,
      data: { subscriber, event: lifecycleEventOf(message) },
      opts: {
        jobId: `${message.id}-${subscriber}`,
        attempts: maxAttempts,
        backoff: { type: 'exponential', delay: backoffMs, jitter: 0.2 },
        removeOnComplete: { age: 24 * 3_600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3_600 },
      },
    })),
  );
}

export type DeliveryVerdict = 'delivered' | 'retry' | 'rejected';

/** Answers that say the request itself is wrong, which sending it again cannot change. */
const FINAL_REFUSALS: ReadonlySet<number> = new Set([400, 405, 410, 413, 415, 422]);

/**
 * What a subscriber's answer means. 2xx: delivered. A redirect (deliveries don't follow them: a moved endpoint is a
 * configuration change) or a final refusal: given up. Anything else, 401, 403 and 404 included (a subscriber in the
 * middle of a deploy or a secret rotation), is tried again later.
 */
export function deliveryVerdict(status: number): DeliveryVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if ((status >= 300 && status < 400) || FINAL_REFUSALS.has(status)) return 'rejected';
  return 'retry';
}

/**
 * Sends failed deliveries again (all, or one subscriber's), once a subscriber is fixed: each gets a fresh set of
 * attempts, with the same event id. Returns how many were queued again.
 */
export async function retryFailedDeliveries(queue: Queue, subscriber?: string): Promise<number> {
  // Failed jobs are kept a week (removeOnFail): reading them all at once is a bounded read for an operator's tool.
  const failed = await queue.getFailed(0, -1);
  const chosen = failed.filter(
    (job) => subscriber === undefined || (job.data as WebhookDeliveryJobData).subscriber === subscriber,
  );
  for (const job of chosen)
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return chosen.length;
}

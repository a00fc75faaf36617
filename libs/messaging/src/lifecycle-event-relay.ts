import type { Queue } from 'bullmq';
import type { OutboxRepository } from '@idplane/persistence';
import { LIFECYCLE_TOPICS, webhookDeliveryJobs } from './lifecycle-events';
import { OutboxPoller, PollSettings } from './outbox-relay';

/**
 * Moves lifecycle events from the outbox to the webhook delivery queue, one job per subscriber. Run it only where
 * subscribers are configured: a relay with none would settle events that a configured worker should deliver.
 */
export class LifecycleEventRelay extends OutboxPoller {
  constructor(
    outbox: OutboxRepository,
    deliveryQueue: Queue,
    subscribers: readonly string[],
    settings: PollSettings & { maxAttempts: number; backoffMs?: number },
    onError: (error: unknown) => void,
  ) {
    super(
      outbox,
      LIFECYCLE_TOPICS,
      async (messages) => {
        await deliveryQueue.addBulk(
          webhookDeliveryJobs(messages, subscribers, settings.maxAttempts, settings.backoffMs),
        );
      },
      settings,
      onError,
    );
  }
}

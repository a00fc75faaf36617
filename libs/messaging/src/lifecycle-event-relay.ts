import type { Queue } from 'bullmq';
import type { OutboxRepository } from '@idplane/persistence';
import { LIFECYCLE_TOPICS, webhookDeliveryJobs } from './lifecycle-events';
import { OutboxPoller, PollSettings } from './outbox-relay';

/**
 * Moves lifecycle events from the outbox to the webhook delivery queue, one job per subscriber. With no subscriber
 * configured the events are settled undelivered, so that the outbox does not grow with news nobody asked for.
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
        if (subscribers.length > 0)
          await deliveryQueue.addBulk(
            webhookDeliveryJobs(messages, subscribers, settings.maxAttempts, settings.backoffMs),
          );
      },
      settings,
      onError,
    );
  }
}

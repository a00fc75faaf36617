import type { Queue } from 'bullmq';
import type { OutboxRepository, PendingOutboxMessage } from '@idplane/persistence';
import { RECONCILE_TOPIC, ReconcileIntent } from '@idplane/tenancy';
import { reconcileJobOptions } from './queues';

export interface RelaySettings extends PollSettings {
  maxAttempts: number;
  /**
   * How long a reconcile for a spec change (create, update) waits before it runs, so that a burst of changes to one
   * tenant (create, then roles, then an IdP) is applied by one run instead of one run each; 0 runs at once.
   */
  debounceMs?: number;
}

const DEBOUNCED_TRIGGERS: ReadonlySet<string> = new Set(['create', 'update']);

export interface PollSettings {
  intervalMs: number;
  batchSize: number;
}

/**
 * Moves committed outbox messages of some topics to their consumer, every `intervalMs`. Runs in every worker; SKIP
 * LOCKED in the repository keeps replicas from publishing the same rows, and a consumer must absorb the rare double
 * publish after a crash (deterministic job ids do).
 */
export class OutboxPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly topics: readonly string[],
    private readonly publish: (messages: PendingOutboxMessage[]) => Promise<void>,
    private readonly settings: PollSettings,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes until the outbox is empty; returns how many messages went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.outbox.publishPending(this.settings.batchSize, this.publish, this.topics);
      total += published;
      if (published < this.settings.batchSize) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => this.schedule(this.settings.intervalMs));
    }, delayMs);
  }
}

/** Moves committed reconcile intents into the reconcile queue. */
export class OutboxRelay extends OutboxPoller {
  constructor(
    outbox: OutboxRepository,
    reconcileQueue: Queue,
    settings: RelaySettings,
    onError: (error: unknown) => void,
  ) {
    super(
      outbox,
      [RECONCILE_TOPIC],
      (messages) => publishIntents(reconcileQueue, messages, settings),
      settings,
      onError,
    );
  }
}

async function publishIntents(
  queue: Queue,
  messages: PendingOutboxMessage[],
  settings: RelaySettings,
): Promise<void> {
  await queue.addBulk(
    messages.map((m) => {
      const intent = m.payload as unknown as ReconcileIntent;
      const delay = DEBOUNCED_TRIGGERS.has(intent.trigger) ? (settings.debounceMs ?? 0) : 0;
      return {
        name: RECONCILE_TOPIC,
        data: intent,
        opts: {
          ...reconcileJobOptions(intent, settings.maxAttempts),
          ...(delay > 0 ? { delay } : {}),
        },
      };
    }),
  );
}

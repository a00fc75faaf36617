import { Queue, QueueEvents } from 'bullmq';
import type { PlanPreview } from '@idplane/reconciler';
import { PLAN_QUEUE, PlanJobData } from './queues';
import { redisOptionsFromUrl } from './redis-connection';

export class PlanPreviewTimeoutError extends Error {
  constructor(tenantId: string, timeoutMs: number) {
    super(`no worker answered the plan preview of tenant ${tenantId} within ${timeoutMs} ms`);
    this.name = 'PlanPreviewTimeoutError';
  }
}

/**
 * Lets a process that must not call Cognito (the api) get a plan preview: it queues a `plan` job, and a worker
 * answers it with read-only calls. The answer arrives through QueueEvents.
 */
export class PlanPreviewClient {
  private connections: { queue: Queue<PlanJobData, PlanPreview>; events: QueueEvents } | null = null;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
  ) {}

  /** Connects on first use, so an api whose Redis is down still starts and reports it on /health/ready. */
  private connect() {
    if (!this.connections) {
      const options = { connection: redisOptionsFromUrl(this.redisUrl), prefix: this.prefix };
      this.connections = {
        queue: new Queue<PlanJobData, PlanPreview>(PLAN_QUEUE, options),
        events: new QueueEvents(PLAN_QUEUE, options),
      };
    }
    return this.connections;
  }

  /** The plan a reconcile would apply now. Throws PlanPreviewTimeoutError when no worker answers in time. */
  async previewPlan(tenantId: string, timeoutMs = 10_000): Promise<PlanPreview> {
    const { queue, events } = this.connect();
    // Subscribed before the job exists, so its completion can't be missed.
    await events.waitUntilReady();
    const job = await queue.add(
      'plan',
      { tenantId },
      { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } },
    );
    try {
      return await job.waitUntilFinished(events, timeoutMs);
    } catch (error) {
      if (error instanceof Error && /timed out/i.test(error.message)) {
        // Nobody is going to want the answer any more.
        await job.remove().catch(() => undefined);
        throw new PlanPreviewTimeoutError(tenantId, timeoutMs);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.connections?.events.close();
    await this.connections?.queue.close();
  }
}

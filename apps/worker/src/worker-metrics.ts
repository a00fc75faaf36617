import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
  'completed',
] as const;

/**
 * How long the queue's longest-waiting job has waited, in ms. The heads of the three lists are read: the wait list's
 * oldest, the prioritized set's next job (the set is ordered by priority, then by arrival; the reconcile queue uses
 * one priority, the drift sweep's, so that is its oldest) and the delayed set's first due. A delayed job is due its
 * delay after it was added or, for one moved back by a failed or locked attempt, after that attempt started.
 */
async function oldestJobAgeMs(queue: Queue, now = Date.now()): Promise<number> {
  const [waiting, prioritized, delayed] = await Promise.all(
    (['waiting', 'prioritized', 'delayed'] as const).map(async (state) => {
      const [head] = await queue.getJobs([state], 0, 0, true);
      return head;
    }),
  );
  const ages = [waiting, prioritized].filter((job) => job !== undefined).map((job) => now - job.timestamp);
  if (delayed) ages.push(now - (Math.max(delayed.timestamp, delayed.processedOn ?? 0) + delayed.delay));
  return Math.max(0, ...ages);
}

/** The worker's own metrics. Labels stay low-cardinality: never a tenant id. */
export class WorkerMetrics {
  readonly reconcileRuns: Counter<'outcome'>;
  readonly reconcileDuration: Histogram<'outcome'>;
  readonly cognitoCalls: Counter<'operation' | 'outcome'>;
  readonly cognitoRetries: Counter<'operation'>;
  readonly cognitoThrottles: Counter<'operation'>;
  private readonly queues: Queue[] = [];

  constructor(registry: Registry) {
    this.reconcileRuns = new Counter({
      name: 'idplane_reconcile_runs_total',
      help: 'Reconcile runs, by outcome (synced, drift-corrected, drift-reported, deleted, transient-error, ...)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.reconcileDuration = new Histogram({
      name: 'idplane_reconcile_duration_seconds',
      help: 'Duration of reconcile runs',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.cognitoCalls = new Counter({
      name: 'idplane_cognito_calls_total',
      help: 'Cognito API calls, by operation and outcome (ok or the AWS error name, such as TooManyRequestsException)',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    });
    this.cognitoRetries = new Counter({
      name: 'idplane_cognito_call_retries_total',
      help: 'Retries the AWS SDK made inside Cognito calls, by operation',
      labelNames: ['operation'],
      registers: [registry],
    });
    this.cognitoThrottles = new Counter({
      name: 'idplane_cognito_throttled_calls_total',
      help: 'Cognito calls that ended throttled (TooManyRequestsException) after the SDK retries, by operation',
      labelNames: ['operation'],
      registers: [registry],
    });
    const queues = this.queues;
    new Gauge({
      name: 'idplane_queue_jobs',
      help: 'Jobs in each BullMQ queue, by state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'idplane_queue_oldest_waiting_job_age_seconds',
      help:
        'Age of the oldest job each queue has yet to start (0 when none). Waiting and prioritized jobs count from ' +
        'when they were added; delayed jobs (debounce, retry backoff, lock retry) from when they became due, so a ' +
        'delay still running counts 0 and a due job no worker has taken counts',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const queue of queues) this.set({ queue: queue.name }, (await oldestJobAgeMs(queue)) / 1000);
      },
    });
  }

  /** Queues whose depth and oldest waiting job the gauges report at scrape time. */
  watch(...queues: Queue[]): void {
    this.queues.push(...queues);
  }

  recordCall(call: { operation: string; outcome: string; attempts: number }): void {
    this.cognitoCalls.inc({ operation: call.operation, outcome: call.outcome });
    if (call.attempts > 1) this.cognitoRetries.inc({ operation: call.operation }, call.attempts - 1);
    if (call.outcome === 'TooManyRequestsException') this.cognitoThrottles.inc({ operation: call.operation });
  }
}

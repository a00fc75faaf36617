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
      help: 'Age of the oldest job waiting in each queue (0 when none waits)',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
          this.set({ queue: queue.name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
        }
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

import { Counter, Histogram, Registry } from 'prom-client';

/** The worker's own metrics. Labels stay low-cardinality: never a tenant id. */
export class WorkerMetrics {
  readonly reconcileRuns: Counter<'outcome'>;
  readonly reconcileDuration: Histogram<'outcome'>;
  readonly cognitoCalls: Counter<'operation' | 'outcome'>;
  readonly cognitoRetries: Counter<'operation'>;

  constructor(registry: Registry) {
    this.reconcileRuns = new Counter({
      name: 'idplane_reconcile_runs_total',
      help: 'Reconcile runs, by outcome',
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
  }
}

/** Injection token of the queue that holds the repeatable drift-sweep job (the reconcile queue is `Queue`). */
export const DRIFT_SWEEP_QUEUE_TOKEN = Symbol('DRIFT_SWEEP_QUEUE');

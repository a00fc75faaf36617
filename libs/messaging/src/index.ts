export * from './outbox-relay';
export * from './queues';
export * from './redis-connection';
export * from './messaging.module';
export * from './readiness-checks';
export * from './plan-preview.client';
export * from './drift-sweep';
export * from './tenant-status-events';

export * from './health.controller';
export * from './logger.module';
export * from './metrics-registry';
export * from './observability.module';
export * from './readiness';
export * from './startup-error';
export * from './graceful-shutdown';

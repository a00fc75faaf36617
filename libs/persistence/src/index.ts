export * from './advisory-lock';
export * from './data-source';
export * from './outbox.repository';
export * from './persistence.module';
export * from './tenant.repository';
export * from './readiness-checks';
export * from './ensure-database';
export * from './audit-log.repository';

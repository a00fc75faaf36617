export * from './audit-event';
export * from './audit-tenant-id';
export * from './redact-secrets';

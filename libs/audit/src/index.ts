export * from './audit-event';
export * from './redact-secrets';

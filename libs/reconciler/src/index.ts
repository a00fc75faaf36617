export * from './apply-plan';
export * from './compile-tenant';
export * from './desired-state';
export * from './drift-scan';
export * from './hosted-ui-domain';
export * from './observe-tenant';
export * from './tenant-plan';
export * from './tenant-reconciler';

export * from './desired-identity-pool';
export * from './identity-pool-plan';
export * from './identity-pool.reconciler';

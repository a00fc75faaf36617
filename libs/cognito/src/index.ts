export * from './cognito-clients';
export * from './cognito-error.classifier';
export * from './cognito-gateway';
export * from './counted-send';
export * from './cognito-rate-categories';
export * from './request-budget';
export * from './identity-pool-gateway';

export * from './cognito-clients';
export * from './cognito-error.classifier';
export * from './cognito-gateway';

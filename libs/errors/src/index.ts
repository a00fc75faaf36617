export * from './domain-errors';
export * from './uuid';

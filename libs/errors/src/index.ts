export * from './domain-errors';
export * from './uuid';
export * from './nul-character';

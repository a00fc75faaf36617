export * from './actor';
export * from './operation-policy';
export * from './operator-token.verifier';
export * from './local-operator-pool';

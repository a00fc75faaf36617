export * from './secret-cipher.error';
export * from './secret-keyring';
export * from './secret-cipher';
export * from './secrets.module';

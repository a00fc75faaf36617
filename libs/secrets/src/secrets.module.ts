import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { SecretCipher } from './secret-cipher';
import { secretKeyringFromConfig } from './secret-keyring';

/** One SecretCipher per process, built from SECRETS_KEYS at start, so a bad key fails the start, not a request. */
@Global()
@Module({
  providers: [
    {
      provide: SecretCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretCipher(secretKeyringFromConfig(config)),
    },
  ],
  exports: [SecretCipher],
})
export class SecretsModule {}

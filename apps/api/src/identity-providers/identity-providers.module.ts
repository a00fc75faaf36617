import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { IdentityProviderService, parseFetchAllowlist, SafeFetcher } from '@idplane/federation';
import { PostgresIdentityProviderStore } from '@idplane/persistence';
import { SecretCipher, SecretsModule } from '@idplane/secrets';
import { TenantsModule } from '../tenants/tenants.module';
import { IdentityProviderResolver } from './identity-provider.resolver';

@Module({
  imports: [TenantsModule, SecretsModule],
  providers: [
    {
      provide: IdentityProviderService,
      inject: [DataSource, SecretCipher, APP_CONFIG],
      useFactory: (ds: DataSource, cipher: SecretCipher, config: AppConfig) =>
        new IdentityProviderService(
          new PostgresIdentityProviderStore(ds),
          cipher,
          new SafeFetcher({
            allowHttp: config.IDP_FETCH_ALLOW_HTTP,
            allowlist: parseFetchAllowlist(config.IDP_FETCH_ALLOWLIST),
          }),
          { allowHttp: config.IDP_FETCH_ALLOW_HTTP },
        ),
    },
    IdentityProviderResolver,
  ],
  exports: [IdentityProviderService],
})
export class IdentityProvidersModule {}

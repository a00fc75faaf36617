import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import {
  HomeRealmDiscovery,
  IdentityProviderService,
  parseFetchAllowlist,
  SafeFetcher,
} from '@idplane/federation';
import { PostgresIdentityProviderStore } from '@idplane/persistence';
import { SecretCipher, SecretsModule } from '@idplane/secrets';
import { TenantsModule } from '../tenants/tenants.module';
import { HomeRealmResolver } from './home-realm.resolver';
import { IdentityProviderResolver } from './identity-provider.resolver';

@Module({
  imports: [TenantsModule, SecretsModule],
  providers: [
    {
      provide: IdentityProviderService,
      inject: [DataSource, SecretCipher, APP_CONFIG],
      useFactory: (ds: DataSource, cipher: SecretCipher, config: AppConfig) =>
        new IdentityProviderService(
          new PostgresIdentityProviderStore(ds, {
            sharedPoolIdentityProviderLimit: config.SHARED_POOL_IDP_LIMIT,
          }),
          cipher,
          new SafeFetcher({
            allowHttp: config.IDP_FETCH_ALLOW_HTTP,
            allowlist: parseFetchAllowlist(config.IDP_FETCH_ALLOWLIST),
          }),
          { allowHttp: config.IDP_FETCH_ALLOW_HTTP, expiryWarningDays: config.IDP_CERT_EXPIRY_WARNING_DAYS },
        ),
    },
    IdentityProviderResolver,
    {
      provide: HomeRealmDiscovery,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new HomeRealmDiscovery(new PostgresIdentityProviderStore(ds)),
    },
    HomeRealmResolver,
  ],
  exports: [IdentityProviderService],
})
export class IdentityProvidersModule {}

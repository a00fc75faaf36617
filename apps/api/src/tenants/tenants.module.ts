import { Module } from '@nestjs/common';
import { TENANT_STORE, TenantService, TenantStore } from '@idplane/tenancy';
import { TenantResolver } from './tenant.resolver';

@Module({
  providers: [
    {
      provide: TenantService,
      inject: [TENANT_STORE],
      useFactory: (store: TenantStore) => new TenantService(store),
    },
    TenantResolver,
  ],
  exports: [TenantService],
})
export class TenantsModule {}

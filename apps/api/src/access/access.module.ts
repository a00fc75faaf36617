import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '@idplane/access';
import { PostgresAccessStore } from '@idplane/persistence';
import { TenantsModule } from '../tenants/tenants.module';
import { AccessResolver } from './access.resolver';
import { AccessSnapshotController } from './access-snapshot.controller';
import { IdentityPoolResolver } from './identity-pool.resolver';

@Module({
  imports: [TenantsModule],
  controllers: [AccessSnapshotController],
  providers: [
    {
      provide: AccessService,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new AccessService(new PostgresAccessStore(ds)),
    },
    AccessResolver,
    IdentityPoolResolver,
  ],
})
export class AccessModule {}

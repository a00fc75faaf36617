import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OperatorTokenVerifier } from '@idplane/admin-auth';
import { CognitoClients } from '@idplane/cognito';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { TenantsModule } from '../tenants/tenants.module';
import { AdminAuthGuard } from './admin-auth.guard';

const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()) : []);

@Module({
  imports: [TenantsModule],
  providers: [
    {
      provide: OperatorTokenVerifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const clients = new CognitoClients({ endpoint: config.COGNITO_ENDPOINT });
        return new OperatorTokenVerifier({
          issuers: list(config.OPERATOR_USER_POOL_ID).map((poolId) =>
            clients.issuerFor(poolId.split('_')[0], poolId),
          ),
          clientIds: config.OPERATOR_CLIENT_IDS ? list(config.OPERATOR_CLIENT_IDS) : null,
        });
      },
    },
    { provide: APP_GUARD, useClass: AdminAuthGuard },
  ],
})
export class AuthModule {}

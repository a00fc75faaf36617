import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OperatorTokenVerifier } from '@idplane/admin-auth';
import { CognitoClients } from '@idplane/cognito';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { NodeModule } from '../node/node.module';
import { TenantsModule } from '../tenants/tenants.module';
import { Redis } from 'ioredis';
import { REDIS } from '@idplane/messaging';
import { AdminAuthGuard } from './admin-auth.guard';
import { MutationRateLimiter } from './mutation-rate-limiter';
import { RequestAuthenticator } from './request-authenticator';

const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()) : []);

@Module({
  imports: [TenantsModule, NodeModule],
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
    {
      provide: MutationRateLimiter,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) =>
        new MutationRateLimiter(redis, config.QUEUE_PREFIX, config.MUTATION_RATE_LIMIT_PER_MINUTE),
    },
    RequestAuthenticator,
    { provide: APP_GUARD, useClass: AdminAuthGuard },
  ],
  exports: [MutationRateLimiter, RequestAuthenticator],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PostgresOnboardingEventLog } from '@idplane/persistence';
import { ONBOARDING_EVENT_LOG, OnboardingEventLog, OnboardingService, TenantService } from '@idplane/tenancy';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { TenantsModule } from '../tenants/tenants.module';
import { OnboardingWebhookController } from './onboarding-webhook.controller';

@Module({
  imports: [TenantsModule, AuthModule, AuditModule],
  controllers: [OnboardingWebhookController],
  providers: [
    {
      provide: ONBOARDING_EVENT_LOG,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PostgresOnboardingEventLog(dataSource),
    },
    {
      provide: OnboardingService,
      inject: [TenantService, ONBOARDING_EVENT_LOG],
      useFactory: (tenants: TenantService, log: OnboardingEventLog) => new OnboardingService(tenants, log),
    },
  ],
})
export class WebhooksModule {}

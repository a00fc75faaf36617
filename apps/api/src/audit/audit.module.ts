import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AUDIT_LOG } from '@idplane/audit';
import { PostgresAuditLog } from '@idplane/persistence';
import { TenantsModule } from '../tenants/tenants.module';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRefusalPlugin } from './audit-refusal.plugin';
import { AuditResolver } from './audit.resolver';
import { AuditWriter } from './audit-writer';

@Module({
  imports: [TenantsModule],
  providers: [
    { provide: AUDIT_LOG, inject: [DataSource], useFactory: (ds: DataSource) => new PostgresAuditLog(ds) },
    AuditWriter,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    // Discovered by the Apollo driver through its @Plugin() decorator.
    AuditRefusalPlugin,
    AuditResolver,
  ],
  exports: [AUDIT_LOG, AuditWriter],
})
export class AuditModule {}

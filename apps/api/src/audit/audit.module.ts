import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_LOG } from '@idplane/audit';
import { PostgresAuditLog } from '@idplane/persistence';
import { TenantsModule } from '../tenants/tenants.module';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRefusalPlugin } from './audit-refusal.plugin';
import { AuditResolver } from './audit.resolver';
import { AuditWriter } from './audit-writer';

// Global: every resolver module's mutations use AuditInterceptor (through @AuditedMutation), and Nest builds an
// interceptor in the module of the resolver that names it.
@Global()
@Module({
  imports: [TenantsModule],
  providers: [
    { provide: AUDIT_LOG, inject: [DataSource], useFactory: (ds: DataSource) => new PostgresAuditLog(ds) },
    AuditWriter,
    AuditInterceptor,
    // Discovered by the Apollo driver through its @Plugin() decorator.
    AuditRefusalPlugin,
    AuditResolver,
  ],
  exports: [AUDIT_LOG, AuditWriter, AuditInterceptor],
})
export class AuditModule {}

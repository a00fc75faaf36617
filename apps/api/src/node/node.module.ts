import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityProvidersModule } from '../identity-providers/identity-providers.module';
import { TenantsModule } from '../tenants/tenants.module';
import { NodeLookup } from './node-lookup';
import { NodeResolver } from './node.resolver';

@Module({
  imports: [TenantsModule, AuditModule, IdentityProvidersModule],
  providers: [NodeLookup, NodeResolver],
  exports: [NodeLookup],
})
export class NodeModule {}

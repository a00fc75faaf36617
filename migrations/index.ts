import { CreateTenantsAndOutbox1764380000000 } from './1764380000000-create-tenants-and-outbox';
import { TenantSpecAndReconcileRuns1764390000000 } from './1764390000000-tenant-spec-and-reconcile-runs';
import { CreateAuditEvents1764410000000 } from './1764410000000-create-audit-events';
import { CreateTenantAccess1764420000000 } from './1764420000000-create-tenant-access';
import { CreateIdentityProviders1764400000000 } from './1764400000000-create-identity-providers';
import { SharedPoolShards1764450000000 } from './1764450000000-shared-pool-shards';

/** Every migration in order. Listed explicitly so that the same code runs from sources (tests) and from dist. */
export const MIGRATIONS = [
  CreateTenantsAndOutbox1764380000000,
  TenantSpecAndReconcileRuns1764390000000,
  CreateAuditEvents1764410000000,
  CreateTenantAccess1764420000000,
  CreateIdentityProviders1764400000000,
  SharedPoolShards1764450000000,
];

import { CreateTenantsAndOutbox1764380000000 } from './1764380000000-create-tenants-and-outbox';
import { CreateIdentityProviders1764400000000 } from './1764400000000-create-identity-providers';
import { CreateAuditEvents1764410000000 } from './1764410000000-create-audit-events';
import { CreateTenantAccess1764420000000 } from './1764420000000-create-tenant-access';

/** Every migration in order. Listed explicitly so that the same code runs from sources (tests) and from dist. */
export const MIGRATIONS = [
  CreateTenantsAndOutbox1764380000000,
  CreateIdentityProviders1764400000000,
  CreateAuditEvents1764410000000,
  CreateTenantAccess1764420000000,
];

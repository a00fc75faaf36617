import { CreateTenantsAndOutbox1764380000000 } from './1764380000000-create-tenants-and-outbox';
import { TenantSpecAndReconcileRuns1764390000000 } from './1764390000000-tenant-spec-and-reconcile-runs';
import { CreateAuditEvents1764410000000 } from './1764410000000-create-audit-events';
import { CreateTenantAccess1764420000000 } from './1764420000000-create-tenant-access';
import { CreateIdentityProviders1764400000000 } from './1764400000000-create-identity-providers';
import { SharedPoolShards1764450000000 } from './1764450000000-shared-pool-shards';
import { CreateIdpCertificateNotices1764470000000 } from './1764470000000-create-idp-certificate-notices';
import { TenantIdentityPools1764490000000 } from './1764490000000-tenant-identity-pools';
import { ManagedCognitoResources1764530000000 } from './1764530000000-managed-cognito-resources';
import { TenantSearchIndexes1764560000000 } from './1764560000000-tenant-search-indexes';
import { TenantMachineAccess1764600000000 } from './1764600000000-tenant-machine-access';
import { ReleaseDeletedTenantDomains1764610000000 } from './1764610000000-release-deleted-tenant-domains';
import { OutboxUnpublishedByTopic1764620000000 } from './1764620000000-outbox-unpublished-by-topic';
import { OnboardingEvents1764630000000 } from './1764630000000-onboarding-events';
import { TenantStatusEvents1764640000000 } from './1764640000000-tenant-status-events';
import { ReadModelChanges1764650000000 } from './1764650000000-read-model-changes';

/** Every migration in order. Listed explicitly so that the same code runs from sources (tests) and from dist. */
export const MIGRATIONS = [
  CreateTenantsAndOutbox1764380000000,
  TenantSpecAndReconcileRuns1764390000000,
  CreateAuditEvents1764410000000,
  CreateTenantAccess1764420000000,
  CreateIdentityProviders1764400000000,
  SharedPoolShards1764450000000,
  CreateIdpCertificateNotices1764470000000,
  TenantIdentityPools1764490000000,
  ManagedCognitoResources1764530000000,
  TenantSearchIndexes1764560000000,
  TenantMachineAccess1764600000000,
  ReleaseDeletedTenantDomains1764610000000,
  OutboxUnpublishedByTopic1764620000000,
  OnboardingEvents1764630000000,
  TenantStatusEvents1764640000000,
  ReadModelChanges1764650000000,
];

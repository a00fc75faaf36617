import { DataSource } from 'typeorm';
import type { ReconcileSources, SecretOpener } from '@idplane/reconciler';
import { PostgresAccessStore } from './access.repository';
import { PostgresIdentityProviderStore } from './identity-provider.repository';
import { PostgresManagedResourceInventory } from './managed-cognito-resource.repository';

/** Everything the reconciler reads besides the tenant row, from Postgres; `secrets` opens the IdPs' sealed secrets. */
export function postgresReconcileSources(dataSource: DataSource, secrets: SecretOpener): ReconcileSources {
  return {
    identityProviders: new PostgresIdentityProviderStore(dataSource),
    access: new PostgresAccessStore(dataSource),
    inventory: new PostgresManagedResourceInventory(dataSource),
    secrets,
  };
}

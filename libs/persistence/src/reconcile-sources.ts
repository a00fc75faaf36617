import { DataSource } from 'typeorm';
import type { ReconcileSources, SecretOpener } from '@idplane/reconciler';
import { PostgresManagedResourceInventory } from './managed-cognito-resource.repository';
import { TenantChildrenReader } from './tenant-children.reader';

/** Everything the reconciler reads besides the tenant row, from Postgres; `secrets` opens the IdPs' sealed secrets. */
export function postgresReconcileSources(dataSource: DataSource, secrets: SecretOpener): ReconcileSources {
  return {
    children: new TenantChildrenReader(dataSource),
    inventory: new PostgresManagedResourceInventory(dataSource),
    secrets,
  };
}

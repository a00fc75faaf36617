import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoClients } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import {
  AdvisoryLocks,
  postgresReconcileSources,
  TypeOrmReconcileRunStore,
  TypeOrmTenantStore,
} from '@idplane/persistence';
import { ReconcilerHooks, ReconcilerSettings, TenantReconciler } from '@idplane/reconciler';
import { developmentSecretKeyring, SecretCipher } from '@idplane/secrets';
import { TenantService } from '@idplane/tenancy';
import { createTestDatabase, TestDatabase } from './test-database';
import { emulatorSdk } from './cognito-sdk';

export interface ReconcileHarness {
  db: TestDatabase;
  emulatorUrl: string;
  store: TypeOrmTenantStore;
  runs: TypeOrmReconcileRunStore;
  clients: CognitoClients;
  tenants: TenantService;
  /** The real SDK, to look at what the reconciler left in the emulator. */
  sdk: CognitoIdentityProviderClient;
  reconciler(settings?: Partial<ReconcilerSettings>, hooks?: ReconcilerHooks): TenantReconciler;
  close(): Promise<void>;
}

/** One test file's reconciler setup: its own database, an in-process emulator, real SDK clients. */
export async function startReconcileHarness(label: string, environment = label): Promise<ReconcileHarness> {
  const db = await createTestDatabase(label);
  const emulator = await startCognitoEmulator({ port: 0 });
  const store = new TypeOrmTenantStore(db.dataSource);
  const runs = new TypeOrmReconcileRunStore(db.dataSource);
  const clients = new CognitoClients({ endpoint: emulator.url });
  const sdk = emulatorSdk(emulator.url);
  const sources = postgresReconcileSources(db.dataSource, new SecretCipher(developmentSecretKeyring()));
  return {
    db,
    emulatorUrl: emulator.url,
    store,
    runs,
    clients,
    tenants: new TenantService(store, { defaultRegion: 'us-east-1' }),
    sdk,
    reconciler: (settings = {}, hooks = { runs }) =>
      new TenantReconciler(
        store,
        sources,
        clients,
        new AdvisoryLocks(db.dataSource),
        { environment, region: 'us-east-1', ...settings },
        hooks,
      ),
    close: async () => {
      sdk.destroy();
      clients.destroy();
      await emulator.close();
      await db.drop();
    },
  };
}

import 'reflect-metadata';
import {
  ensureLocalOperatorPool,
  issueLocalOperatorToken,
  localCognitoClient,
  LocalOperatorRole,
} from '@idplane/admin-auth';
import { ConfigError, loadConfig } from '@idplane/config';
import { createDataSource, TypeOrmTenantStore } from '@idplane/persistence';

const USAGE = `usage: npm run -s token -- --role platform-admin
       npm run -s token -- --tenant <slug>        (a tenant admin of that tenant)
Seeds the user in the local operator pool (the emulator's, or COGNITO_ENDPOINT's) and prints an id token.`;

function parseArgs(argv: string[]): { role?: string; tenant?: string } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!flag?.startsWith('--') || value === undefined) throw new Error(USAGE);
    args[flag.slice(2)] = value;
  }
  return args;
}

async function tenantIdOf(databaseUrl: string, slug: string): Promise<string> {
  const dataSource = await createDataSource(databaseUrl, { poolSize: 1 }).initialize();
  try {
    const tenant = await new TypeOrmTenantStore(dataSource).findBySlug(slug);
    if (!tenant) throw new Error(`no tenant has the slug ${slug}`);
    return tenant.id;
  } finally {
    await dataSource.destroy();
  }
}

/** `npm run token`: a real operator token from the local operator pool, for curl and the GraphQL examples. */
async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  let who: LocalOperatorRole;
  if (args.tenant)
    who = { role: 'tenant-admin', tenantId: await tenantIdOf(config.DATABASE_URL, args.tenant) };
  else if (args.role === 'platform-admin') who = { role: 'platform-admin' };
  else throw new Error(USAGE);

  const endpoint = config.COGNITO_ENDPOINT ?? `http://127.0.0.1:${process.env.EMULATOR_PORT ?? '9325'}`;
  const client = localCognitoClient(config.AWS_REGION, endpoint);
  try {
    const groups = { platformAdmin: config.PLATFORM_ADMIN_GROUP, tenantAdmin: config.TENANT_ADMIN_GROUP };
    const pool = await ensureLocalOperatorPool(client, config.IDPLANE_ENVIRONMENT, groups);
    console.log(await issueLocalOperatorToken(client, pool, groups, who));
  } finally {
    client.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
});

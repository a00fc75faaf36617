/**
 * Emulator throughput and footprint, through the real AWS SDK against an in-process emulator with quotas off.
 * Prints requests/second for DescribeUserPool and ListGroups, then the process RSS after loading 10,000 tenants.
 */
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoEmulator } from '@idplane/cognito-emulator';

const CONCURRENCY = 32;
const REQUESTS = 20_000;
const TENANTS = 10_000;
const TENANTS_PER_SHARED_POOL = 1_000;

async function runConcurrently(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measureRps(label: string, task: () => Promise<unknown>): Promise<number> {
  await runConcurrently(500, CONCURRENCY, task);
  const started = process.hrtime.bigint();
  await runConcurrently(REQUESTS, CONCURRENCY, task);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rps = Math.round(REQUESTS / seconds);
  console.log(
    `${label}: ${REQUESTS} requests, concurrency ${CONCURRENCY}, ${seconds.toFixed(2)} s, ${rps} req/s`,
  );
  return rps;
}

async function main(): Promise<void> {
  const emulator = await startCognitoEmulator({ port: 0 });
  await fetch(`${emulator.url}/_emulator/quotas`, {
    method: 'POST',
    body: JSON.stringify({ enabled: false }),
  });
  const client = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  try {
    const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'bench' }));
    const poolId = UserPool!.Id!;
    for (let i = 0; i < 20; i += 1) {
      await client.send(
        new CreateGroupCommand({ UserPoolId: poolId, GroupName: `group-${i}`, Precedence: i }),
      );
    }
    const describeRps = await measureRps('DescribeUserPool', () =>
      client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })),
    );
    const listGroupsRps = await measureRps('ListGroups (20 groups/page)', () =>
      client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 60 })),
    );

    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    const sharedPools = Math.ceil(TENANTS / TENANTS_PER_SHARED_POOL);
    const poolIds: string[] = [];
    for (let i = 0; i < sharedPools; i += 1) {
      const { UserPool: shard } = await client.send(new CreateUserPoolCommand({ PoolName: `shared-${i}` }));
      poolIds.push(shard!.Id!);
    }
    const loadStarted = Date.now();
    await runConcurrently(TENANTS, CONCURRENCY, async (tenant) => {
      const pool = poolIds[Math.floor(tenant / TENANTS_PER_SHARED_POOL)];
      const name = `tenant-${String(tenant).padStart(5, '0')}`;
      await client.send(
        new CreateGroupCommand({
          UserPoolId: pool,
          GroupName: name,
          RoleArn: `arn:aws:iam::123456789012:role/${name}`,
          Precedence: 10,
          Description: `Members of ${name}`,
        }),
      );
      await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool,
          ClientName: name,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email'],
          AllowedOAuthFlowsUserPoolClient: true,
          CallbackURLs: [`https://${name}.example.com/callback`],
          LogoutURLs: [`https://${name}.example.com/logout`],
          SupportedIdentityProviders: ['COGNITO'],
        }),
      );
    });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssMb = Math.round(process.memoryUsage().rss / (1024 * 1024));
    console.log(
      `loaded ${TENANTS} tenants in ${sharedPools} shared pools of ${TENANTS_PER_SHARED_POOL}: one group and one OAuth app ` +
        `client each (${TENANTS * 2} resources) in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s; ` +
        `RSS of the whole process (emulator + SDK client)${gc ? ' after gc' : ''}: ${rssMb} MB`,
    );
    console.log(
      `bench:emulator describe_rps=${describeRps} listgroups_rps=${listGroupsRps} rss_mb_10k_tenants=${rssMb}`,
    );
  } finally {
    client.destroy();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

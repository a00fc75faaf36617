import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import { AppModule } from '../../apps/api/src/app.module';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { OperatorAuth, setupOperatorAuth } from '../support/operator-auth';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

describe('api protection: limits, introspection, CSRF, rate limits', () => {
  let db: TestDatabase;
  let emulator: { url: string; close(): Promise<void> };
  let auth: OperatorAuth;
  let app: INestApplication;
  let url: string;
  let token: string;
  const prefix = testQueuePrefix('protection');

  beforeAll(async () => {
    db = await createTestDatabase('api_protection');
    emulator = await startCognitoEmulator({ port: 0 });
    auth = await setupOperatorAuth(emulator.url);
    token = await auth.tokenFor({ role: 'platform-admin' });
    Object.assign(process.env, {
      ...auth.env,
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: prefix,
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_COMPLEXITY: '60',
      GRAPHQL_INTROSPECTION: 'false',
      MUTATION_RATE_LIMIT_PER_MINUTE: '3',
    });
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    for (const key of [
      'GRAPHQL_MAX_DEPTH',
      'GRAPHQL_MAX_COMPLEXITY',
      'GRAPHQL_INTROSPECTION',
      'MUTATION_RATE_LIMIT_PER_MINUTE',
    ]) {
      delete process.env[key];
    }
    auth?.close();
    await emulator?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  it('refuses an operation deeper than the limit', async () => {
    const res = await graphql(
      url,
      '{ tenants(first: 1) { edges { node { cognito { issuer } } } } }',
      {},
      token,
    );
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/levels deep; the limit is 4/);
  });

  it('refuses an operation costlier than the limit, counting page sizes', async () => {
    const cheap = await graphql(url, '{ tenants(first: 5) { edges { cursor } } }', {}, token);
    expect(cheap.errors).toBeUndefined();
    const costly = await graphql(
      url,
      '{ tenants(first: 100) { edges { cursor node { id slug } } } }',
      {},
      token,
    );
    expect(costly.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(costly.errors?.[0].message).toMatch(/the limit is 60/);
  });

  it('turns introspection off when configured', async () => {
    const res = await graphql(url, '{ __schema { queryType { name } } }', {}, token);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const res = await fetch(
      `${url}/graphql?query=${encodeURIComponent('{ tenants(first: 1) { edges { cursor } } }')}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('refuses a body over the size limit with a 413', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ tenants(first: 1) { edges { cursor } } }',
        variables: { pad: 'x'.repeat(300_000) },
      }),
    });
    expect(res.status).toBe(413);
  });

  it('rate-limits mutations per actor, with the time to wait', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await graphql(
        url,
        CREATE_TENANT,
        { input: { slug: `limited-${i}`, displayName: 'L', isolationModel: 'SHARED_POOL' } },
        token,
      );
      codes.push(res.errors?.[0].extensions?.code);
    }
    expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED']);
    const count = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM tenants WHERE slug LIKE 'limited-%'`,
    );
    expect(count[0].n).toBe(3);
  });
});

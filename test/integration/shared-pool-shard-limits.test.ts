import { randomUUID } from 'node:crypto';
import { PreconditionFailedError } from '@idplane/errors';
import { IdentityProviderWrite, SamlProviderDetails } from '@idplane/federation';
import { PostgresIdentityProviderStore, TypeOrmTenantStore } from '@idplane/persistence';
import { DesiredStateChange, SharedPoolSharding, Tenant } from '@idplane/tenancy';
import { testSamlMetadata } from '../../libs/federation/src/testing/saml-metadata.factory';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const IDP_LIMIT = 4;

describe('shared-pool shards under the app-client and IdP limits (real Postgres)', () => {
  let db: TestDatabase;
  let tenants: TypeOrmTenantStore;
  let idps: PostgresIdentityProviderStore;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase('shared_pool_shard_limits');
    tenants = new TypeOrmTenantStore(db.dataSource);
    idps = new PostgresIdentityProviderStore(db.dataSource, { sharedPoolIdentityProviderLimit: IDP_LIMIT });
  });
  afterAll(() => db.drop());

  const newTenant = (region: string, isolationModel: Tenant['isolationModel'] = 'SHARED_POOL') =>
    tenants.createWithReconcileIntent({
      slug: `t-${++seq}`,
      displayName: `Tenant ${seq}`,
      isolationModel,
      region,
    });

  const samlWrite = (tenant: Tenant, name = `idp${++seq}`): IdentityProviderWrite => {
    const details: SamlProviderDetails = {
      type: 'SAML',
      metadataUrl: null,
      metadataXml: testSamlMetadata(`https://${name}.example.com`),
      idpInitiatedSignOn: false,
      signOut: false,
      requestSigningAlgorithm: null,
      encryptedResponses: false,
    };
    return {
      id: randomUUID(),
      tenantId: tenant.id,
      name,
      cognitoProviderName: `${tenant.slug}.${name}`,
      poolKey: tenant.isolationModel === 'SHARED_POOL' ? 'shared' : tenant.id,
      type: 'SAML',
      details,
      attributeMapping: {},
      emailDomains: [],
      saml: null,
      secretCiphertext: null,
    };
  };

  const idpCountOfShard = async (region: string, shard: number) =>
    (await tenants.listSharedPoolShards()).find((s) => s.region === region && s.index === shard)
      ?.identityProviderCount;

  describe('placement', () => {
    const sharding: SharedPoolSharding = {
      capacity: 100,
      minShards: 1,
      identityProviderCapacity: 3,
      identityProviderReservation: 1,
    };

    it('opens a new shard before the IdP capacity is passed, counting a tenant without IdPs as its reservation', async () => {
      const region = 'eu-west-1';
      const withTwo = await newTenant(region);
      await idps.insert(samlWrite(withTwo));
      await idps.insert(samlWrite(withTwo));
      const withNone = await newTenant(region);
      const third = await newTenant(region);

      expect(await tenants.assignSharedPoolShard(withTwo.id, sharding)).toBe(0);
      expect(await tenants.assignSharedPoolShard(withNone.id, sharding)).toBe(0);
      // Shard 0 holds 2 IdPs plus one reserved: a third tenant would pass the capacity of 3.
      expect(await tenants.assignSharedPoolShard(third.id, sharding)).toBe(1);
      // A tenant keeps its shard.
      expect(
        await tenants.assignSharedPoolShard(withNone.id, { ...sharding, identityProviderCapacity: 1 }),
      ).toBe(0);
      expect(await idpCountOfShard(region, 0)).toBe(2);
    });

    it('places a tenant that already has IdPs only where all of them fit', async () => {
      const region = 'eu-west-2';
      const small = await newTenant(region);
      expect(await tenants.assignSharedPoolShard(small.id, sharding)).toBe(0);
      const big = await newTenant(region);
      for (let i = 0; i < 3; i++) await idps.insert(samlWrite(big));
      expect(await tenants.assignSharedPoolShard(big.id, sharding)).toBe(1);
    });

    it('leaves out DELETED tenants and their IdPs', async () => {
      const region = 'eu-central-1';
      const gone = await newTenant(region);
      for (let i = 0; i < 3; i++) await idps.insert(samlWrite(gone));
      expect(await tenants.assignSharedPoolShard(gone.id, sharding)).toBe(0);
      await tenants.setStatus(gone.id, 'DELETED', ['PENDING']);
      const next = await newTenant(region);
      expect(await tenants.assignSharedPoolShard(next.id, sharding)).toBe(0);
      expect(await idpCountOfShard(region, 0)).toBe(0);
    });

    it('opens a new shard before the app-client capacity is passed, whatever the IdP room', async () => {
      const region = 'ap-south-1';
      const byClients: SharedPoolSharding = { ...sharding, capacity: 2, identityProviderCapacity: 100 };
      const placed: number[] = [];
      for (let i = 0; i < 5; i++)
        placed.push(await tenants.assignSharedPoolShard((await newTenant(region)).id, byClients));
      expect(placed).toEqual([0, 0, 1, 1, 2]);
    });

    it("counts a tenant's machine-to-machine clients as app clients", async () => {
      const region = 'ap-northeast-1';
      const byClients: SharedPoolSharding = { ...sharding, capacity: 4, identityProviderCapacity: 100 };
      const m2m = await newTenant(region);
      await db.dataSource.query(
        `UPDATE tenants SET machine_clients = '[{"name": "a"}, {"name": "b"}]'::jsonb WHERE id = $1`,
        [m2m.id],
      );
      expect(await tenants.assignSharedPoolShard(m2m.id, byClients)).toBe(0);
      expect(await tenants.assignSharedPoolShard((await newTenant(region)).id, byClients)).toBe(0);
      // Shard 0 holds 3 + 1 app clients: full.
      expect(await tenants.assignSharedPoolShard((await newTenant(region)).id, byClients)).toBe(1);
      const shard0 = (await tenants.listSharedPoolShards()).find((s) => s.region === region && s.index === 0);
      expect(shard0).toMatchObject({ tenantCount: 2, appClientCount: 4 });
    });

    it('places racing tenants without passing either capacity', async () => {
      const region = 'sa-east-1';
      const racing = await Promise.all(Array.from({ length: 12 }, () => newTenant(region)));
      const placed = await Promise.all(
        racing.map((t) => tenants.assignSharedPoolShard(t.id, { ...sharding, minShards: 2 })),
      );
      const perShard = new Map<number, number>();
      for (const shard of placed) perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
      expect([...perShard.values()].every((n) => n <= 3)).toBe(true);
      expect(perShard.size).toBe(4);
    });
  });

  describe('adding an IdP to a placed SHARED_POOL tenant', () => {
    const sharding: SharedPoolSharding = {
      capacity: 100,
      minShards: 1,
      identityProviderCapacity: IDP_LIMIT,
      identityProviderReservation: 1,
    };

    it('refuses concurrent adds beyond the limit with PRECONDITION_FAILED, letting exactly the room through', async () => {
      const region = 'us-west-2';
      const first = await newTenant(region);
      expect(await tenants.assignSharedPoolShard(first.id, sharding)).toBe(0);
      await idps.insert(samlWrite(first));
      await idps.insert(samlWrite(first));
      const others: Tenant[] = [];
      for (let i = 0; i < 6; i++) {
        const t = await newTenant(region);
        // Placed with room for one more IdP; what matters is that they all share shard 0.
        await db.dataSource.query(`UPDATE tenants SET shared_pool_shard = 0 WHERE id = $1`, [t.id]);
        others.push(t);
      }

      const results = await Promise.allSettled(others.map((t) => idps.insert(samlWrite(t))));
      const refused = results.filter((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(IDP_LIMIT - 2);
      expect(refused).toHaveLength(6 - (IDP_LIMIT - 2));
      for (const r of refused) {
        const error = (r as PromiseRejectedResult).reason as PreconditionFailedError;
        expect(error).toBeInstanceOf(PreconditionFailedError);
        expect(error.code).toBe('PRECONDITION_FAILED');
        expect(error.message).toContain(`limit of ${IDP_LIMIT} per user pool`);
        expect(error.field).toBe('tenantId');
      }
      expect(await idpCountOfShard(region, 0)).toBe(IDP_LIMIT);
      // A refused add wrote nothing: no generation bump, no reconcile intent.
      const refusedTenants = others.filter((_, i) => results[i].status === 'rejected').map((t) => t.id);
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM tenants WHERE id = ANY($1::uuid[]) AND generation <> 1`,
        [refusedTenants],
      );
      expect(n).toBe(0);
    });

    it('keeps every shard within the limit while placements race IdP adds on several shards', async () => {
      const region = 'ca-central-1';
      const twoShards = { ...sharding, minShards: 2 };
      const placedTenants: Tenant[] = [];
      for (let i = 0; i < 2; i++) {
        const t = await newTenant(region);
        await tenants.assignSharedPoolShard(t.id, twoShards);
        placedTenants.push(t);
      }
      const newcomers = await Promise.all(Array.from({ length: 6 }, () => newTenant(region)));
      const outcomes = await Promise.allSettled([
        ...placedTenants.flatMap((t) => Array.from({ length: IDP_LIMIT }, () => idps.insert(samlWrite(t)))),
        ...newcomers.map((t) => tenants.assignSharedPoolShard(t.id, twoShards)),
      ]);
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(PreconditionFailedError);
      const shards = (await tenants.listSharedPoolShards()).filter((s) => s.region === region);
      expect(shards.length).toBeGreaterThan(1);
      for (const s of shards) expect(s.identityProviderCount).toBeLessThanOrEqual(IDP_LIMIT);
      // Every IdP not refused was stored, and every newcomer was placed.
      const added = outcomes.slice(0, 2 * IDP_LIMIT).filter((o) => o.status === 'fulfilled').length;
      expect(shards.reduce((n, s) => n + s.identityProviderCount, 0)).toBe(added);
      expect(outcomes.slice(2 * IDP_LIMIT).every((o) => o.status === 'fulfilled')).toBe(true);
    });

    it('lets a tenant on another shard, an unplaced one or a dedicated one add IdPs', async () => {
      const region = 'us-west-1';
      const full = await newTenant(region);
      expect(await tenants.assignSharedPoolShard(full.id, sharding)).toBe(0);
      for (let i = 0; i < IDP_LIMIT; i++) await idps.insert(samlWrite(full));
      await expect(idps.insert(samlWrite(full))).rejects.toBeInstanceOf(PreconditionFailedError);

      const elsewhere = await newTenant(region);
      expect(await tenants.assignSharedPoolShard(elsewhere.id, sharding)).toBe(1);
      await expect(idps.insert(samlWrite(elsewhere))).resolves.toBeDefined();

      const unplaced = await newTenant(region);
      await expect(idps.insert(samlWrite(unplaced))).resolves.toBeDefined();
      const dedicated = await newTenant(region, 'DEDICATED_POOL');
      for (let i = 0; i <= IDP_LIMIT; i++) await idps.insert(samlWrite(dedicated));
      expect((await idps.list(dedicated.id)).length).toBe(IDP_LIMIT + 1);
    });
  });

  describe('resource servers and machine clients of SHARED_POOL tenants', () => {
    const limits = { appClients: 5, resourceServers: 3 };
    const sharding: SharedPoolSharding = { capacity: 5, minShards: 1, identityProviderCapacity: 100 };
    const server = (identifier: string) => ({
      identifier,
      name: identifier,
      scopes: [{ name: 'read', description: 'Read' }],
    });
    const client = (name: string) => ({ name, scopes: [], accessTokenValidityMinutes: null });
    let limited: TypeOrmTenantStore;
    beforeAll(() => {
      limited = new TypeOrmTenantStore(db.dataSource, limits);
    });
    const change = (tenant: Tenant, settings: DesiredStateChange['settings']) =>
      limited.findById(tenant.id).then((t) =>
        limited.changeDesiredState({
          tenantId: tenant.id,
          expectedVersion: t!.version,
          settings,
          allowedFrom: ['PENDING', 'ACTIVE'],
          trigger: 'update',
        }),
      );

    it("refuses a change that would pass its shard pool's resource-server limit, and writes nothing", async () => {
      const region = 'eu-north-1';
      const [a, b] = [await newTenant(region), await newTenant(region)];
      for (const t of [a, b]) expect(await limited.assignSharedPoolShard(t.id, sharding)).toBe(0);
      await change(a, { resourceServers: [server('orders'), server('billing')] });
      const before = await limited.findById(b.id);
      await expect(change(b, { resourceServers: [server('api'), server('files')] })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        field: 'input.resourceServers',
        message: expect.stringContaining("Cognito's limit of 3 per user pool"),
      });
      expect(await limited.findById(b.id)).toMatchObject({ version: before!.version, resourceServers: [] });
      await expect(change(b, { resourceServers: [server('api')] })).resolves.toMatchObject({
        resourceServers: [server('api')],
      });
      // Shrinking, or keeping, what a tenant already has is never refused, even on a full shard.
      await expect(change(a, { resourceServers: [server('orders')] })).resolves.toBeDefined();
    });

    it("refuses machine clients that would pass its shard pool's app-client limit", async () => {
      const region = 'eu-south-1';
      const [a, b] = [await newTenant(region), await newTenant(region)];
      for (const t of [a, b]) expect(await limited.assignSharedPoolShard(t.id, sharding)).toBe(0);
      // Two web clients so far; the limit is 5.
      await change(a, { machineClients: [client('etl'), client('sync')] });
      await expect(change(b, { machineClients: [client('one'), client('two')] })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        field: 'input.machineClients',
      });
      await expect(change(b, { machineClients: [client('one')] })).resolves.toBeDefined();
    });

    it('places a tenant with resource servers only on a shard where they fit', async () => {
      const region = 'eu-west-3';
      const first = await newTenant(region);
      await limited.assignSharedPoolShard(first.id, { ...sharding, capacity: 100 });
      await change(first, { resourceServers: [server('a'), server('b')] });
      const second = await newTenant(region);
      await change(second, { resourceServers: [server('c'), server('d')] });
      expect(await limited.assignSharedPoolShard(second.id, { ...sharding, capacity: 100 })).toBe(1);
      const third = await newTenant(region);
      await change(third, { resourceServers: [server('e')] });
      expect(await limited.assignSharedPoolShard(third.id, { ...sharding, capacity: 100 })).toBe(0);
    });
  });
});

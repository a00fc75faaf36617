import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ConflictError, NotFoundError, PreconditionFailedError } from '@idplane/errors';
import {
  completeNewTenantSpec,
  DesiredStateChange,
  NewTenantSpec,
  PageRequest,
  RECONCILE_TOPIC,
  ReconcileIntent,
  ReconcileOutcome,
  RecordedTenantState,
  RECONCILER_CONDITION_TYPES,
  chooseSharedPoolShard,
  SharedPoolShardRecord,
  SharedPoolSharding,
  sharedPoolShardsLockKey,
  Tenant,
  TenantPage,
  TenantStatus,
  TenantStore,
} from '@idplane/tenancy';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { TenantEntity } from './entities/tenant.entity';
import { lockShardOfSharedTenant } from './shared-pool-shard-lock';
import { toTenant } from './tenant.mapper';
import { tenantColumns, tenantPageClauses } from './tenant-page.sql';

const UNIQUE_VIOLATION = '23505';

const DEFAULT_IDP_CAPACITY = 240;
const DEFAULT_IDP_RESERVATION = 1;
/** App clients a shared tenant `t` holds in its shard's pool: its web client and its machine-to-machine clients. */
const TENANT_APP_CLIENTS_SQL = '(1 + jsonb_array_length(t.machine_clients))';
/** Resource servers of a shared tenant `t`: each is one in its shard's pool. */
const TENANT_RESOURCE_SERVERS_SQL = 'jsonb_array_length(t.resource_servers)';
/** Identity providers of a tenant `t`: each is one in its shard's pool. */
const TENANT_IDPS_SQL = '(SELECT count(*) FROM identity_providers p WHERE p.tenant_id = t.id)';

/** Cognito's per-pool quotas that changes to a placed SHARED_POOL tenant must stay within, in its shard's pool. */
export interface SharedPoolLimits {
  /** App clients per user pool: every tenant's web client and machine-to-machine clients (Cognito: 1,000). */
  appClients: number;
  /** Resource servers per user pool (Cognito: 25 by default, raisable to 300). */
  resourceServers: number;
}

export const DEFAULT_SHARED_POOL_LIMITS: SharedPoolLimits = { appClients: 1_000, resourceServers: 25 };

export class TypeOrmTenantStore implements TenantStore {
  private readonly selectTenants: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sharedPoolLimits: SharedPoolLimits = DEFAULT_SHARED_POOL_LIMITS,
  ) {
    this.selectTenants = `SELECT ${tenantColumns(dataSource)} FROM tenants t`;
  }

  private async selectOne(where: string, value: string): Promise<Tenant | null> {
    const rows: TenantEntity[] = await this.dataSource.query(`${this.selectTenants} WHERE ${where}`, [value]);
    return rows[0] ? toTenant(rows[0]) : null;
  }

  async createWithReconcileIntent(spec: NewTenantSpec): Promise<Tenant> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const row = await em.getRepository(TenantEntity).save(
          em.getRepository(TenantEntity).create({
            ...completeNewTenantSpec(spec),
            suspended: false,
            sharedPoolShard: null,
            status: 'PENDING',
            generation: 1,
            observedGeneration: 0,
            conditions: [],
            version: 1,
            cognitoUserPoolId: null,
            cognitoAppClientId: null,
            cognitoIssuer: null,
            cognitoDomain: null,
          }),
        );
        const intent: ReconcileIntent = { tenantId: row.id, generation: row.generation, trigger: 'create' };
        await em
          .getRepository(OutboxMessageEntity)
          .insert({ topic: RECONCILE_TOPIC, aggregateId: row.id, payload: { ...intent } });
        return toTenant(row);
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw new ConflictError(`a tenant with slug ${spec.slug} already exists`, 'input.slug');
      }
      throw error;
    }
  }

  async changeDesiredState(change: DesiredStateChange): Promise<Tenant> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(TenantEntity);
      await this.refuseBeyondSharedPoolLimits(em, change);
      // Row lock, then compare: two racing writers at the same version can't both win.
      const row = await repo.findOne({ where: { id: change.tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError(`tenant ${change.tenantId} does not exist`, 'id');
      if (row.version !== change.expectedVersion) {
        throw new ConflictError(
          `tenant ${row.slug} is at version ${row.version}, not ${change.expectedVersion}; reload it and retry`,
          'expectedVersion',
        );
      }
      if (!change.allowedFrom.includes(row.status)) {
        throw new PreconditionFailedError(`tenant ${row.slug} is ${row.status}`, 'id');
      }
      for (const [key, value] of Object.entries(change.settings ?? {})) {
        if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
      }
      if (change.suspended !== undefined) row.suspended = change.suspended;
      if (change.status !== undefined) row.status = change.status;
      row.generation += 1;
      row.version += 1;
      const saved = await repo.save(row);
      const intent: ReconcileIntent = {
        tenantId: row.id,
        generation: row.generation,
        trigger: change.trigger,
      };
      await em
        .getRepository(OutboxMessageEntity)
        .insert({ topic: RECONCILE_TOPIC, aggregateId: row.id, payload: { ...intent } });
      return toTenant(saved);
    });
  }

  /**
   * Resource servers and machine clients of a placed SHARED_POOL tenant live in its shard's pool, which Cognito caps
   * per pool: a change that would pass a cap is refused here rather than by a LimitExceededException in the reconcile.
   */
  private async refuseBeyondSharedPoolLimits(em: EntityManager, change: DesiredStateChange): Promise<void> {
    const servers = change.settings?.resourceServers;
    const clients = change.settings?.machineClients;
    if (servers === undefined && clients === undefined) return;
    const locked = await lockShardOfSharedTenant(em, change.tenantId);
    if (!locked) return;
    const [fill]: {
      slug: string;
      app_clients: number;
      servers: number;
      own_clients: number;
      own_servers: number;
    }[] = await em.query(
      `SELECT (SELECT slug FROM tenants WHERE id = $3) AS slug,
                coalesce(sum(${TENANT_APP_CLIENTS_SQL}), 0)::int AS app_clients,
                coalesce(sum(${TENANT_RESOURCE_SERVERS_SQL}), 0)::int AS servers,
                coalesce(sum(${TENANT_APP_CLIENTS_SQL}) FILTER (WHERE t.id = $3), 0)::int AS own_clients,
                coalesce(sum(${TENANT_RESOURCE_SERVERS_SQL}) FILTER (WHERE t.id = $3), 0)::int AS own_servers
         FROM tenants t
         WHERE t.isolation_model = 'SHARED_POOL' AND t.region = $1 AND t.shared_pool_shard = $2
           AND t.status <> 'DELETED'`,
      [locked.region, locked.shard, change.tenantId],
    );
    const where = `tenant ${fill.slug}'s shared pool (shard ${locked.shard} in ${locked.region})`;
    if (servers !== undefined) {
      const after = fill.servers - fill.own_servers + servers.length;
      if (servers.length > fill.own_servers && after > this.sharedPoolLimits.resourceServers)
        throw new PreconditionFailedError(
          `${where} would have ${after} resource servers, past Cognito's limit of ` +
            `${this.sharedPoolLimits.resourceServers} per user pool (SHARED_POOL_RESOURCE_SERVER_LIMIT); ` +
            'use fewer, or a DEDICATED_POOL tenant',
          'input.resourceServers',
        );
    }
    if (clients !== undefined) {
      const after = fill.app_clients - fill.own_clients + 1 + clients.length;
      if (1 + clients.length > fill.own_clients && after > this.sharedPoolLimits.appClients)
        throw new PreconditionFailedError(
          `${where} would have ${after} app clients, past Cognito's limit of ${this.sharedPoolLimits.appClients} ` +
            'per user pool (SHARED_POOL_APP_CLIENT_LIMIT); use fewer machine clients, or a DEDICATED_POOL tenant',
          'input.machineClients',
        );
    }
  }

  async addReconcileIntent(tenantId: string, trigger: ReconcileIntent['trigger']): Promise<ReconcileIntent> {
    return this.dataSource.transaction(async (em) => {
      const row = await em.getRepository(TenantEntity).findOneBy({ id: tenantId });
      if (!row) throw new NotFoundError(`tenant ${tenantId} does not exist`, 'id');
      const intent: ReconcileIntent = {
        tenantId,
        generation: row.generation,
        trigger,
        requestId: randomUUID(),
      };
      await em
        .getRepository(OutboxMessageEntity)
        .insert({ topic: RECONCILE_TOPIC, aggregateId: tenantId, payload: { ...intent } });
      return intent;
    });
  }

  async assignSharedPoolShard(tenantId: string, sharding: SharedPoolSharding): Promise<number> {
    const reservation = sharding.identityProviderReservation ?? DEFAULT_IDP_RESERVATION;
    return this.dataSource.transaction(async (em) => {
      const [tenant]: { region: string; shared_pool_shard: number | null }[] = await em.query(
        `SELECT region, shared_pool_shard FROM tenants WHERE id = $1`,
        [tenantId],
      );
      if (!tenant) throw new NotFoundError(`tenant ${tenantId} does not exist`, 'id');
      if (tenant.shared_pool_shard !== null) return tenant.shared_pool_shard;
      // Exclusively: an IdP insert into any of the region's shards holds it shared, so none fills a shard meanwhile.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        sharedPoolShardsLockKey(tenant.region),
      ]);
      const rows: { shard: number; app_clients: number; idps: number; servers: number }[] = await em.query(
        `SELECT shared_pool_shard AS shard, sum(${TENANT_APP_CLIENTS_SQL})::int AS app_clients,
                sum(GREATEST(${TENANT_IDPS_SQL}, $2))::int AS idps,
                sum(${TENANT_RESOURCE_SERVERS_SQL})::int AS servers
         FROM tenants t
         WHERE isolation_model = 'SHARED_POOL' AND region = $1 AND shared_pool_shard IS NOT NULL
           AND status <> 'DELETED'
         GROUP BY shared_pool_shard`,
        [tenant.region, reservation],
      );
      const [own]: { app_clients: number; idps: number; servers: number }[] = await em.query(
        `SELECT ${TENANT_APP_CLIENTS_SQL}::int AS app_clients, ${TENANT_IDPS_SQL}::int AS idps,
                ${TENANT_RESOURCE_SERVERS_SQL}::int AS servers
         FROM tenants t WHERE id = $1`,
        [tenantId],
      );
      const shard = chooseSharedPoolShard(
        rows.map((r) => ({
          index: r.shard,
          appClients: r.app_clients,
          identityProviders: r.idps,
          resourceServers: r.servers,
        })),
        {
          appClients: own.app_clients,
          identityProviders: Math.max(own.idps, reservation),
          resourceServers: own.servers,
        },
        {
          appClientCapacity: sharding.capacity,
          identityProviderCapacity: sharding.identityProviderCapacity ?? DEFAULT_IDP_CAPACITY,
          resourceServerCapacity: this.sharedPoolLimits.resourceServers,
          minShards: sharding.minShards,
        },
      );
      await em.query(
        `UPDATE tenants SET shared_pool_shard = $2 WHERE id = $1 AND shared_pool_shard IS NULL`,
        [tenantId, shard],
      );
      return shard;
    });
  }

  async listIdsByStatus(statuses: TenantStatus[], afterId: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM tenants WHERE status = ANY($1::varchar[]) AND ($2::uuid IS NULL OR id > $2::uuid)
       ORDER BY id LIMIT $3`,
      [statuses, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  async findById(id: string): Promise<Tenant | null> {
    return this.selectOne('t.id = $1', id);
  }

  async findBySlug(slug: string): Promise<Tenant | null> {
    return this.selectOne('t.slug = $1', slug);
  }

  async list(page: PageRequest): Promise<TenantPage> {
    const params: unknown[] = [];
    const rows: TenantEntity[] = await this.dataSource.query(
      `${this.selectTenants} ${tenantPageClauses(page, params)}`,
      params,
    );
    return { tenants: rows.slice(0, page.first).map(toTenant), hasNextPage: rows.length > page.first };
  }

  async listSharedPoolShards(): Promise<SharedPoolShardRecord[]> {
    const rows: {
      region: string;
      index: number;
      user_pool_id: string | null;
      tenants: number;
      app_clients: number;
      idps: number;
    }[] = await this.dataSource.query(
      `SELECT region, shared_pool_shard AS index,
                count(*) FILTER (WHERE status <> 'DELETED')::int AS tenants,
                coalesce(sum(${TENANT_APP_CLIENTS_SQL}) FILTER (WHERE status <> 'DELETED'), 0)::int AS app_clients,
                coalesce(sum(${TENANT_IDPS_SQL}) FILTER (WHERE status <> 'DELETED'), 0)::int AS idps,
                -- The latest observation wins, should a shard's pool ever have been recreated out of band.
                (array_agg(cognito_user_pool_id ORDER BY updated_at DESC)
                   FILTER (WHERE cognito_user_pool_id IS NOT NULL))[1] AS user_pool_id
         FROM tenants t
         WHERE isolation_model = 'SHARED_POOL' AND shared_pool_shard IS NOT NULL
         GROUP BY region, shared_pool_shard
         ORDER BY region, shared_pool_shard`,
    );
    return rows.map((r) => ({
      region: r.region,
      index: r.index,
      userPoolId: r.user_pool_id,
      tenantCount: r.tenants,
      appClientCount: r.app_clients,
      identityProviderCount: r.idps,
    }));
  }

  async recordReconcileOutcome(outcome: ReconcileOutcome): Promise<RecordedTenantState | null> {
    const set: Partial<TenantEntity> = {};
    if (outcome.cognito?.userPoolId !== undefined) set.cognitoUserPoolId = outcome.cognito.userPoolId;
    if (outcome.cognito?.appClientId !== undefined) set.cognitoAppClientId = outcome.cognito.appClientId;
    if (outcome.cognito?.issuer !== undefined) set.cognitoIssuer = outcome.cognito.issuer;
    if (outcome.cognito?.domain !== undefined) set.cognitoDomain = outcome.cognito.domain;
    if (outcome.status !== 'DELETED') return this.recordOutcomeOn(this.dataSource.manager, outcome, set);
    return this.dataSource.transaction(async (em) => {
      const recorded = await this.recordOutcomeOn(em, outcome, set);
      // A deleted tenant's IdPs no longer sign anyone in: their email domains are free for another tenant to claim.
      await em.query(
        `DELETE FROM idp_email_domains d USING tenants t
         WHERE t.id = d.tenant_id AND t.id = $1 AND t.status = 'DELETED'`,
        [outcome.tenantId],
      );
      return recorded;
    });
  }

  private async recordOutcomeOn(
    em: EntityManager,
    outcome: ReconcileOutcome,
    set: Partial<TenantEntity>,
  ): Promise<RecordedTenantState | null> {
    const result = await em
      .createQueryBuilder()
      .update(TenantEntity)
      .set({
        ...set,
        // The run's own conditions replace theirs; others (IdpCertificatesValid, written by the certificate
        // monitor, possibly during this run) are kept as the row has them now, not as the run loaded them.
        conditions: () =>
          `(SELECT COALESCE(jsonb_agg(c ORDER BY n), '[]'::jsonb) FROM (
             SELECT c, n FROM jsonb_array_elements(CAST(:ownConditions AS jsonb)) WITH ORDINALITY AS own(c, n)
             UNION ALL
             SELECT c, 1000 + n FROM jsonb_array_elements(conditions) WITH ORDINALITY AS other(c, n)
             WHERE NOT (c->>'type' = ANY(CAST(:reconcilerTypes AS text[])))) merged)`,
        // Deletion is one-way: a run that started before deleteTenant must not bring the tenant back to life.
        status: () =>
          `CASE WHEN status IN ('DELETING', 'DELETED') AND :newStatus NOT IN ('DELETING', 'DELETED')
           THEN status ELSE :newStatus END`,
        // Never move observedGeneration backwards: a slow run must not undo a newer one's record.
        observedGeneration: () =>
          `GREATEST(observed_generation, LEAST(generation, ${Number(outcome.observedGeneration)}))`,
        // version guards the spec: what the worker observes must not turn an admin's next edit into a CONFLICT.
      })
      .where('id = :id', { id: outcome.tenantId })
      .setParameter('newStatus', outcome.status)
      .setParameter(
        'ownConditions',
        JSON.stringify(outcome.conditions.filter((c) => RECONCILER_CONDITION_TYPES.includes(c.type))),
      )
      .setParameter('reconcilerTypes', RECONCILER_CONDITION_TYPES)
      .returning('status, generation, observed_generation, conditions')
      .execute();
    const [row] = result.raw as {
      status: TenantStatus;
      generation: number;
      observed_generation: number;
      conditions: RecordedTenantState['conditions'];
    }[];
    return row
      ? {
          status: row.status,
          generation: row.generation,
          observedGeneration: row.observed_generation,
          conditions: row.conditions,
        }
      : null;
  }

  async setStatus(tenantId: string, status: TenantStatus, onlyFrom: TenantStatus[]): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(TenantEntity)
      .set({ status })
      .where('id = :id AND status IN (:...onlyFrom)', { id: tenantId, onlyFrom })
      .execute();
  }
}

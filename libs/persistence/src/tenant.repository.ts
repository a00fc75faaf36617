import { DataSource, QueryFailedError } from 'typeorm';
import { ConflictError } from '@idplane/errors';
import {
  NewTenantSpec,
  PageRequest,
  RECONCILE_TOPIC,
  ReconcileIntent,
  ReconcileOutcome,
  Tenant,
  TenantPage,
  TenantStatus,
  TenantStore,
} from '@idplane/tenancy';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { TenantEntity } from './entities/tenant.entity';
import { toTenant } from './tenant.mapper';

const UNIQUE_VIOLATION = '23505';

export class TypeOrmTenantStore implements TenantStore {
  constructor(private readonly dataSource: DataSource) {}

  async createWithReconcileIntent(spec: NewTenantSpec): Promise<Tenant> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const row = await em.getRepository(TenantEntity).save(
          em.getRepository(TenantEntity).create({
            ...spec,
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

  async findById(id: string): Promise<Tenant | null> {
    const row = await this.dataSource.getRepository(TenantEntity).findOneBy({ id });
    return row ? toTenant(row) : null;
  }

  async findBySlug(slug: string): Promise<Tenant | null> {
    const row = await this.dataSource.getRepository(TenantEntity).findOneBy({ slug });
    return row ? toTenant(row) : null;
  }

  async list(page: PageRequest): Promise<TenantPage> {
    const qb = this.dataSource
      .getRepository(TenantEntity)
      .createQueryBuilder('t')
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(page.first + 1);
    if (page.after) {
      qb.where('(t.created_at, t.id) > (:createdAt, :id)', page.after);
    }
    const rows = await qb.getMany();
    return { tenants: rows.slice(0, page.first).map(toTenant), hasNextPage: rows.length > page.first };
  }

  async recordReconcileOutcome(outcome: ReconcileOutcome): Promise<void> {
    const set: Partial<TenantEntity> = {
      status: outcome.status,
      conditions: outcome.conditions,
    };
    if (outcome.cognito?.userPoolId !== undefined) set.cognitoUserPoolId = outcome.cognito.userPoolId;
    if (outcome.cognito?.appClientId !== undefined) set.cognitoAppClientId = outcome.cognito.appClientId;
    if (outcome.cognito?.issuer !== undefined) set.cognitoIssuer = outcome.cognito.issuer;
    if (outcome.cognito?.domain !== undefined) set.cognitoDomain = outcome.cognito.domain;
    await this.dataSource
      .createQueryBuilder()
      .update(TenantEntity)
      .set({
        ...set,
        // Never move observedGeneration backwards: a slow run must not undo a newer one's record.
        observedGeneration: () =>
          `GREATEST(observed_generation, LEAST(generation, ${Number(outcome.observedGeneration)}))`,
        version: () => 'version + 1',
      })
      .where('id = :id', { id: outcome.tenantId })
      .execute();
  }

  async setStatus(tenantId: string, status: TenantStatus, onlyFrom: TenantStatus[]): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(TenantEntity)
      .set({ status, version: () => 'version + 1' })
      .where('id = :id AND status IN (:...onlyFrom)', { id: tenantId, onlyFrom })
      .execute();
  }
}

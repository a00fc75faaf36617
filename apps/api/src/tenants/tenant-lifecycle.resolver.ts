import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { PreconditionFailedError, ValidationError } from '@idplane/errors';
import { PlanPreviewClient, PlanPreviewTimeoutError } from '@idplane/messaging';
import {
  decodeTenantCursor,
  encodeTenantCursor,
  RECONCILE_RUN_STORE,
  ReconcileRunStore,
  TenantService,
} from '@idplane/tenancy';
import { AuditedMutation } from '../audit/audited-mutation.decorator';
import { toConnection } from '../graphql/relay-connection';
import { reconcileRunsLoader } from './reconcile-runs.loader';
import {
  ReconcileRunConnection,
  ReconcileTenantPayload,
  TenantPayload,
  TenantPlan,
} from './tenant-lifecycle.types';
import { UpdateTenantInput } from './tenant-settings.types';
import { ReconcileRunFilterInput, validateReconcileRunFilter } from './reconcile-run-filter';
import { Tenant } from './tenant.types';

const expectedVersionArg = {
  type: () => Int,
  description: 'The tenant version as last read; stale: CONFLICT.',
};

@Resolver(() => Tenant)
export class TenantLifecycleResolver {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(RECONCILE_RUN_STORE) private readonly runs: ReconcileRunStore,
    @Inject(PlanPreviewClient) private readonly planPreview: PlanPreviewClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @AuditedMutation(() => TenantPayload, { description: "Changes a tenant's spec and bumps its generation." })
  async updateTenant(
    @Args('id', { type: () => ID, description: 'The tenant.' }) id: string,
    @Args('input', { description: 'The changes.' }) input: UpdateTenantInput,
    @Args('expectedVersion', expectedVersionArg) expectedVersion: number,
  ): Promise<TenantPayload> {
    return { tenant: (await this.tenants.updateTenantSpec(id, input, expectedVersion)) as Tenant };
  }

  @AuditedMutation(() => TenantPayload, {
    description:
      'Marks the tenant DELETING; the worker removes what idplane created (per deletionPolicy), then DELETED.',
  })
  async deleteTenant(
    @Args('id', { type: () => ID, description: 'The tenant.' }) id: string,
    @Args('expectedVersion', expectedVersionArg) expectedVersion: number,
  ): Promise<TenantPayload> {
    return { tenant: (await this.tenants.deleteTenant(id, expectedVersion)) as Tenant };
  }

  @AuditedMutation(() => TenantPayload, {
    description: 'Stops sign-in: the app client loses every sign-in path; pool, groups and users are kept.',
  })
  async suspendTenant(
    @Args('id', { type: () => ID, description: 'The tenant.' }) id: string,
    @Args('expectedVersion', expectedVersionArg) expectedVersion: number,
  ): Promise<TenantPayload> {
    return { tenant: (await this.tenants.suspendTenant(id, expectedVersion)) as Tenant };
  }

  @AuditedMutation(() => TenantPayload, { description: 'Restores sign-in after suspendTenant.' })
  async resumeTenant(
    @Args('id', { type: () => ID, description: 'The tenant.' }) id: string,
    @Args('expectedVersion', expectedVersionArg) expectedVersion: number,
  ): Promise<TenantPayload> {
    return { tenant: (await this.tenants.resumeTenant(id, expectedVersion)) as Tenant };
  }

  @AuditedMutation(() => ReconcileTenantPayload, {
    description: 'Forces a reconcile run now (coalesced with any pending one).',
  })
  async reconcileTenant(
    @Args('id', { type: () => ID, description: 'The tenant.' }) id: string,
  ): Promise<ReconcileTenantPayload> {
    const intent = await this.tenants.requestReconcile(id);
    return { tenant: (await this.tenants.getTenant(id)) as Tenant, generation: intent.generation };
  }

  @Query(() => TenantPlan, {
    description:
      'What the next reconcile would change, like `terraform plan`, without applying it. Needs a worker.',
  })
  async tenantPlan(
    @Args('id', { type: () => ID, description: 'The tenant.' }) id: string,
  ): Promise<TenantPlan> {
    await this.tenants.getTenant(id);
    try {
      return await this.planPreview.previewPlan(id, this.config.PLAN_PREVIEW_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof PlanPreviewTimeoutError) {
        throw new PreconditionFailedError('no worker answered the plan request; is the worker running?');
      }
      throw error;
    }
  }

  @ResolveField(() => ReconcileRunConnection, {
    description: 'The reconcile runs of this tenant, newest first.',
  })
  async reconcileRuns(
    @Parent() tenant: Tenant,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Context() ctx: object,
    @Args('after', { nullable: true, description: 'Cursor after which the page starts.' }) after?: string,
    @Args('filter', { nullable: true, description: 'Only runs matching this.' })
    filter?: ReconcileRunFilterInput,
  ): Promise<ReconcileRunConnection> {
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw new ValidationError([{ field: 'first', message: 'must be between 1 and 100' }]);
    }
    const page = await reconcileRunsLoader(ctx, this.runs, {
      first,
      after: after ? decodeTenantCursor(after) : undefined,
      filter: validateReconcileRunFilter(filter),
    }).load(tenant.id);
    return toConnection(page.runs, (r) => encodeTenantCursor(r.createdAt, r.id), page.hasNextPage, after);
  }
}

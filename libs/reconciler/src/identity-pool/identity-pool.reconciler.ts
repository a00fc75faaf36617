import type { IdentityPool } from '@aws-sdk/client-cognito-identity';
import type { IdentityPoolConfig, RoleWithGroup } from '@idplane/access';
import { IdentityPoolGateway } from '@idplane/cognito';
import {
  compileIdentityPool,
  DesiredIdentityPool,
  identityPoolName,
  ObservedIdentityPool,
} from './desired-identity-pool';
import { IdentityPoolStep, planIdentityPool } from './identity-pool-plan';

/** What the identity pool step needs to know of a tenant; the access store provides it. */
export interface IdentityPoolSpec {
  config: IdentityPoolConfig | null;
  roles: readonly RoleWithGroup[];
  /** The identity pool this tenant's last run created, if any. */
  identityPoolId: string | null;
}

/** Port to the tenant's identity pool spec and the record of the pool made for it. */
export interface IdentityPoolSpecSource {
  findIdentityPoolSpec(tenantId: string): Promise<IdentityPoolSpec | null>;
  recordIdentityPoolId(tenantId: string, identityPoolId: string | null): Promise<void>;
}

export interface PreparedIdentityPool {
  steps: IdentityPoolStep[];
  apply(): Promise<void>;
}

export interface IdentityPoolTenant {
  id: string;
  slug: string;
  region: string;
  userPoolId: string | null;
  appClientId: string | null;
}

function observedFrom(
  pool: IdentityPool,
  roles: { roles: Record<string, string>; roleMappings: ObservedIdentityPool['roleMappings'] },
): ObservedIdentityPool {
  return {
    id: pool.IdentityPoolId!,
    name: pool.IdentityPoolName ?? '',
    allowUnauthenticated: pool.AllowUnauthenticatedIdentities ?? false,
    providers: (pool.CognitoIdentityProviders ?? []).map((p) => ({
      providerName: p.ProviderName ?? '',
      clientId: p.ClientId ?? '',
      serverSideTokenCheck: p.ServerSideTokenCheck ?? false,
    })),
    tags: pool.IdentityPoolTags ?? {},
    roles: roles.roles,
    roleMappings: roles.roleMappings,
  };
}

/**
 * Reconciles a tenant's identity pool (cognito-identity), after its user pool and app client exist. It finds the
 * pool by recorded id, and by its deterministic name when no id was recorded (a crash between Create and the
 * record), so re-running never makes a second pool.
 */
export class IdentityPoolReconciler {
  constructor(
    private readonly source: IdentityPoolSpecSource,
    private readonly environment: string,
  ) {}

  private async observe(
    gateway: IdentityPoolGateway,
    tenant: IdentityPoolTenant,
    spec: IdentityPoolSpec,
    wanted: boolean,
  ): Promise<ObservedIdentityPool | null> {
    let pool = spec.identityPoolId ? await gateway.describe(spec.identityPoolId) : null;
    if (!pool && wanted) {
      const [id] = await gateway.findByName(identityPoolName(this.environment, tenant.slug));
      pool = id ? await gateway.describe(id) : null;
    }
    if (!pool) return null;
    return observedFrom(pool, await gateway.getRoles(pool.IdentityPoolId!));
  }

  private desired(tenant: IdentityPoolTenant, spec: IdentityPoolSpec): DesiredIdentityPool | null {
    return compileIdentityPool({
      tenant,
      environment: this.environment,
      config: spec.config,
      roles: spec.roles,
      userPoolId: tenant.userPoolId,
      appClientId: tenant.appClientId,
    });
  }

  /** Observes and plans with read-only calls; `apply` then carries the steps out and records the pool's id. */
  async prepare(gateway: IdentityPoolGateway, tenant: IdentityPoolTenant): Promise<PreparedIdentityPool> {
    const spec = await this.source.findIdentityPoolSpec(tenant.id);
    if (!spec || (!spec.config && !spec.identityPoolId)) return { steps: [], apply: async () => undefined };
    const desired = this.desired(tenant, spec);
    const observed = await this.observe(gateway, tenant, spec, desired !== null);
    const steps = planIdentityPool(desired, observed);
    return { steps, apply: () => this.apply(gateway, tenant.id, spec, desired, observed, steps) };
  }

  /** The steps a reconcile would take now; read-only calls. */
  async plan(gateway: IdentityPoolGateway, tenant: IdentityPoolTenant): Promise<IdentityPoolStep[]> {
    return (await this.prepare(gateway, tenant)).steps;
  }

  /** Brings the identity pool in line and records its id; returns the steps applied. */
  async reconcile(gateway: IdentityPoolGateway, tenant: IdentityPoolTenant): Promise<IdentityPoolStep[]> {
    const prepared = await this.prepare(gateway, tenant);
    await prepared.apply();
    return prepared.steps;
  }

  private async apply(
    gateway: IdentityPoolGateway,
    tenantId: string,
    spec: IdentityPoolSpec,
    desired: DesiredIdentityPool | null,
    observed: ObservedIdentityPool | null,
    steps: IdentityPoolStep[],
  ): Promise<void> {
    let id = observed?.id ?? null;
    for (const step of steps) {
      if (step.resource === 'IdentityPool' && step.action === 'delete') {
        await gateway.delete(id!);
        id = null;
      } else if (step.resource === 'IdentityPool' && step.action === 'create') {
        id = await gateway.create({ ...poolInput(desired!), IdentityPoolTags: desired!.tags });
        // Recorded at once, so a crash before the roles are set still finds this pool by id next time.
        await this.source.recordIdentityPoolId(tenantId, id);
      } else if (step.resource === 'IdentityPool') {
        await gateway.update({
          IdentityPoolId: id!,
          ...poolInput(desired!),
          IdentityPoolTags: observed!.tags,
        });
      } else {
        await gateway.setRoles(id!, { roles: desired!.roles, roleMappings: desired!.roleMappings });
      }
    }
    if (id !== spec.identityPoolId) await this.source.recordIdentityPoolId(tenantId, id);
  }

  /** Deletes the tenant's identity pool, if it has one (tenant deletion). */
  async remove(gateway: IdentityPoolGateway, tenant: IdentityPoolTenant): Promise<IdentityPoolStep[]> {
    const spec = await this.source.findIdentityPoolSpec(tenant.id);
    if (!spec) return [];
    const observed = await this.observe(gateway, tenant, spec, spec.config !== null);
    if (!observed) return [];
    await gateway.delete(observed.id);
    await this.source.recordIdentityPoolId(tenant.id, null);
    return [{ action: 'delete', resource: 'IdentityPool', name: observed.name }];
  }
}

function poolInput(desired: DesiredIdentityPool) {
  return {
    IdentityPoolName: desired.name,
    AllowUnauthenticatedIdentities: desired.allowUnauthenticated,
    // The classic (basic) flow would let a client pick any role the pool's roles trust; only enhanced flow.
    AllowClassicFlow: false,
    CognitoIdentityProviders: desired.providers.map((p) => ({
      ProviderName: p.providerName,
      ClientId: p.clientId,
      ServerSideTokenCheck: p.serverSideTokenCheck,
    })),
  };
}

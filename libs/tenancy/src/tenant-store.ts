import { Condition, CognitoRefs, NewTenantSpec, Tenant, TenantStatus } from './tenant';

export interface TenantPage {
  tenants: Tenant[];
  hasNextPage: boolean;
}

export interface PageRequest {
  first: number;
  after?: { createdAt: Date; id: string };
}

/** What a reconcile run learned, written back in one update. */
export interface ReconcileOutcome {
  tenantId: string;
  observedGeneration: number;
  status: TenantStatus;
  conditions: Condition[];
  cognito?: Partial<CognitoRefs>;
}

/** Port to the tenants' desired state. The persistence adapter implements it. */
export interface TenantStore {
  /** Inserts the tenant and its reconcile intent in one transaction; a duplicate slug is a ConflictError. */
  createWithReconcileIntent(spec: NewTenantSpec): Promise<Tenant>;
  findById(id: string): Promise<Tenant | null>;
  findBySlug(slug: string): Promise<Tenant | null>;
  list(page: PageRequest): Promise<TenantPage>;
  recordReconcileOutcome(outcome: ReconcileOutcome): Promise<void>;
  setStatus(tenantId: string, status: TenantStatus, onlyFrom: TenantStatus[]): Promise<void>;
}

export const TENANT_STORE = Symbol('TENANT_STORE');

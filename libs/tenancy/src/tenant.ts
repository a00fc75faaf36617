export const ISOLATION_MODELS = ['SHARED_POOL', 'DEDICATED_POOL'] as const;
export type IsolationModel = (typeof ISOLATION_MODELS)[number];

export const TENANT_STATUSES = [
  'PENDING',
  'PROVISIONING',
  'ACTIVE',
  'DEGRADED',
  'SUSPENDED',
  'DELETING',
  'DELETED',
  'FAILED',
] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export type ConditionType = 'Ready' | 'Synced' | 'Degraded';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A Kubernetes-style condition: the latest observation of one aspect of a tenant. */
export interface Condition {
  type: ConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** What idplane has observed in Cognito for a tenant. */
export interface CognitoRefs {
  userPoolId: string | null;
  appClientId: string | null;
  issuer: string | null;
  domain: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  displayName: string;
  isolationModel: IsolationModel;
  status: TenantStatus;
  generation: number;
  observedGeneration: number;
  conditions: Condition[];
  version: number;
  cognito: CognitoRefs;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a caller chooses when creating a tenant, already validated. */
export interface NewTenantSpec {
  slug: string;
  displayName: string;
  isolationModel: IsolationModel;
}

/** One recorded change (or refused attempt) to idplane's desired state, by whom and through which door. */
export interface AuditEvent {
  id: string;
  occurredAt: Date;
  /** Log-safe actor description, e.g. `platform-admin:ops` or `webhook:billing`. */
  actor: string;
  source: 'graphql' | 'webhook';
  action: string;
  /** A UUID, or null: a non-UUID the caller named stays in the summary (see auditTenantId). */
  tenantId: string | null;
  requestId: string | null;
  outcome: 'success' | 'failure';
  errorCode: string | null;
  /** Redacted: the tenant before the change, with the children the action changes; null when none was read. */
  before: unknown;
  /** Redacted: the input, and the result when it succeeded. */
  after: unknown;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'occurredAt'>;

export interface AuditQuery {
  first: number;
  after?: { occurredAt: Date; id: string };
  tenantId?: string;
  action?: string;
  actor?: string;
  source?: AuditEvent['source'];
}

/** Port to the audit store; the persistence adapter implements it. */
export interface AuditLog {
  record(event: NewAuditEvent): Promise<void>;
  list(query: AuditQuery): Promise<{ events: AuditEvent[]; hasNextPage: boolean }>;
  find(id: string): Promise<AuditEvent | null>;
}

export const AUDIT_LOG = Symbol('AUDIT_LOG');

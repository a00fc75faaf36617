/** One recorded change (or refused attempt) to idplane's desired state, by whom and through which door. */
export interface AuditEvent {
  id: string;
  occurredAt: Date;
  /** Log-safe actor description, e.g. `platform-admin:ops` or `webhook:billing`. */
  actor: string;
  source: 'graphql' | 'webhook';
  action: string;
  tenantId: string | null;
  requestId: string | null;
  outcome: 'success' | 'failure';
  errorCode: string | null;
  /** Redacted summaries. */
  before: unknown;
  after: unknown;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'occurredAt'>;

export interface AuditQuery {
  first: number;
  after?: { occurredAt: Date; id: string };
  tenantId?: string;
  action?: string;
  actor?: string;
}

/** Port to the audit store; the persistence adapter implements it. */
export interface AuditLog {
  record(event: NewAuditEvent): Promise<void>;
  list(query: AuditQuery): Promise<{ events: AuditEvent[]; hasNextPage: boolean }>;
  find(id: string): Promise<AuditEvent | null>;
}

export const AUDIT_LOG = Symbol('AUDIT_LOG');

/** An AuditEvent as the tests select it over GraphQL (each query picks the fields it needs). */
export interface AuditView {
  id: string;
  actor: string;
  source: string;
  action: string;
  tenantId: string | null;
  outcome: string;
  errorCode: string | null;
  requestId: string | null;
  before: Record<string, unknown> | null;
  after: { input?: Record<string, unknown>; result?: Record<string, unknown> } | null;
}

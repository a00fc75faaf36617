import { isUuid } from '@idplane/errors';
import { DataSource } from 'typeorm';
import {
  auditTenantId,
  type AuditEvent,
  type AuditLog,
  type AuditQuery,
  type NewAuditEvent,
} from '@idplane/audit';

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor: string;
  source: AuditEvent['source'];
  action: string;
  tenant_id: string | null;
  request_id: string | null;
  outcome: AuditEvent['outcome'];
  error_code: string | null;
  before: unknown;
  after: unknown;
}

const toAuditEvent = (r: AuditRow): AuditEvent => ({
  id: r.id,
  occurredAt: r.occurred_at,
  actor: r.actor,
  source: r.source,
  action: r.action,
  tenantId: r.tenant_id,
  requestId: r.request_id,
  outcome: r.outcome,
  errorCode: r.error_code,
  before: r.before,
  after: r.after,
});

// jsonb refuses NUL characters and lone UTF-16 surrogates, which a caller can send in any GraphQL string.
// eslint-disable-next-line no-control-regex -- a NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const storable = (text: string): string => text.replace(UNSTORABLE, '\ufffd');

function storableJson(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.some(([k]) => storable(k) !== k))
      return Object.fromEntries(entries.map(([k, v]) => [storable(k), v]));
  }
  return value;
}

/** A summary as jsonb accepts it: what it cannot hold becomes U+FFFD, so a hostile input cannot void the record. */
const toJsonb = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value, storableJson);

/** Append-only audit trail in Postgres, read newest first with keyset pagination. */
export class PostgresAuditLog implements AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(e: NewAuditEvent): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_events (actor, source, action, tenant_id, request_id, outcome, error_code, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.actor,
        e.source,
        e.action,
        // tenant_id is a uuid column: anything else would fail the insert and lose the event.
        auditTenantId(e.tenantId),
        e.requestId,
        e.outcome,
        e.errorCode,
        toJsonb(e.before),
        toJsonb(e.after),
      ],
    );
  }

  async find(id: string): Promise<AuditEvent | null> {
    if (!isUuid(id)) return null;
    const rows: AuditRow[] = await this.dataSource.query(`SELECT * FROM audit_events WHERE id = $1`, [id]);
    return rows[0] ? toAuditEvent(rows[0]) : null;
  }

  async list(query: AuditQuery): Promise<{ events: AuditEvent[]; hasNextPage: boolean }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.tenantId) {
      // The resolver refuses a non-UUID filter; here it simply matches nothing instead of failing the uuid cast.
      const tenantId = auditTenantId(query.tenantId);
      if (!tenantId) return { events: [], hasNextPage: false };
      add('tenant_id = ?', tenantId);
    }
    if (query.action) add('action = ?', query.action);
    if (query.actor) add('actor = ?', query.actor);
    if (query.source) add('source = ?', query.source);
    if (query.after) {
      params.push(query.after.occurredAt, query.after.id);
      where.push(`(occurred_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(query.first + 1);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return {
      events: rows.slice(0, query.first).map(toAuditEvent),
      hasNextPage: rows.length > query.first,
    };
  }
}

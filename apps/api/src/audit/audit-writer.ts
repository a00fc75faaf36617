import { Inject, Injectable, Logger } from '@nestjs/common';
import { AUDIT_LOG, AuditLog, NewAuditEvent } from '@idplane/audit';

/** Writes audit events for the interceptor and the refusal plugin alike. */
@Injectable()
export class AuditWriter {
  private readonly logger = new Logger('Audit');

  constructor(@Inject(AUDIT_LOG) private readonly audit: AuditLog) {}

  /** Writes the event or throws: for callers whose client retries a failure (webhooks), so none goes unaudited. */
  async writeOrThrow(event: NewAuditEvent): Promise<void> {
    await this.audit.record(event);
  }

  /** An audit write that fails must not turn a done change into an error; it is logged loudly instead. */
  async write(event: NewAuditEvent): Promise<void> {
    try {
      await this.audit.record(event);
    } catch (error) {
      this.logger.error(
        { err: error, action: event.action, tenantId: event.tenantId },
        'audit record failed',
      );
    }
  }
}

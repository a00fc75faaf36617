import { createHash, randomBytes } from 'node:crypto';
import { Controller, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Registry } from 'prom-client';
import { redactSecrets } from '@idplane/audit';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import {
  DomainError,
  domainErrorDetails,
  HTTP_STATUS,
  nulCharacterPath,
  RateLimitedError,
  ValidationError,
} from '@idplane/errors';
import { WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from '@idplane/messaging';
import {
  OnboardingEvent,
  OnboardingResult,
  OnboardingService,
  parseOnboardingEvent,
  Tenant,
} from '@idplane/tenancy';
import { AuditWriter } from '../audit/audit-writer';
import { MutationRateLimiter } from '../auth/mutation-rate-limiter';

type Outcome = OnboardingResult['receipt']['outcome'] | 'duplicate' | 'unauthenticated' | 'refused' | 'error';

const UNKNOWN_SOURCE_SECRET = randomBytes(32).toString('hex');

const tenantSummary = (tenant: Tenant) => ({
  id: tenant.id,
  slug: tenant.slug,
  status: tenant.status,
  suspended: tenant.suspended,
  version: tenant.version,
  generation: tenant.generation,
});

/**
 * Onboarding webhooks from billing and CRM systems: `POST /webhooks/onboarding/<source>`, signed with the source's
 * secret (WEBHOOK_SECRETS). An unknown source answers like a bad signature, so the endpoint does not
 * tell which sources exist. Every event that passed the signature check and the rate limit is audited as
 * `webhook:<source>` under its event type, except a redelivery, which changes nothing and gets the first answer again.
 */
@Controller('webhooks')
export class OnboardingWebhookController {
  private readonly logger = new Logger('OnboardingWebhook');
  private readonly received: Counter<'outcome'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OnboardingService) private readonly onboarding: OnboardingService,
    @Inject(MutationRateLimiter) private readonly limiter: MutationRateLimiter,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(Registry) registry: Registry,
  ) {
    this.received = new Counter({
      name: 'idplane_onboarding_webhooks_total',
      help: 'Onboarding webhook deliveries by outcome.',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  @Post('onboarding/:source')
  async receive(@Param('source') source: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.handle(source, req, res);
    this.received.inc({ outcome });
  }

  private async handle(source: string, req: Request, res: Response): Promise<Outcome> {
    const allSecrets = this.config.WEBHOOK_SECRETS;
    if (!allSecrets) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'not found' } });
      return 'refused';
    }
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.headers[WEBHOOK_SIGNATURE_HEADER];
    const problem = verifyWebhookSignature(
      typeof signature === 'string' ? signature : undefined,
      body,
      // An unknown source is checked against a throwaway secret, so that its answer takes as long as a known one's.
      Object.hasOwn(allSecrets, source) ? allSecrets[source] : [UNKNOWN_SOURCE_SECRET],
      Math.floor(Date.now() / 1000),
    );
    if (problem) {
      this.logger.warn({ source: source.slice(0, 64), problem }, 'onboarding webhook refused: bad signature');
      sendError(res, 401, 'UNAUTHENTICATED', `the ${WEBHOOK_SIGNATURE_HEADER} header is ${problem}`);
      return 'unauthenticated';
    }

    const actor = `webhook:${source}`;
    const requestId = (req as { id?: string }).id ?? null;
    let event: OnboardingEvent | undefined;
    let json: unknown;
    try {
      await this.limiter.consume(actor);
      json = parseJson(body);
      event = parseOnboardingEvent(json, new Date());
      const parsed = event;
      const digest = createHash('sha256').update(body).digest('hex');
      const result = await this.onboarding.apply({ source, event, digest }, (applied) =>
        // Thrown, it answers 500 and leaves the event unrecorded: the sender's retry applies and audits it again.
        this.audit.writeOrThrow({
          actor,
          source: 'webhook',
          action: parsed.type,
          tenantId: applied.receipt.tenantId,
          requestId,
          outcome: 'success',
          errorCode: null,
          before: applied.before ? redactSecrets(applied.before) : null,
          after: redactSecrets({
            input: parsed,
            result: { ...applied.receipt, operation: applied.operation },
          }),
        }),
      );
      res.status(200).json({
        eventId: event.id,
        outcome: result.receipt.outcome,
        duplicate: result.duplicate,
        tenantId: result.receipt.tenantId,
        ...(result.tenant ? { tenant: tenantSummary(result.tenant) } : {}),
      });
      return result.duplicate ? 'duplicate' : result.receipt.outcome;
    } catch (error) {
      if (!(error instanceof DomainError)) {
        this.logger.error({ err: error, source }, 'onboarding webhook failed');
        sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        return 'error';
      }
      if (!(error instanceof RateLimitedError)) {
        await this.audit.write({
          actor,
          source: 'webhook',
          action: event?.type ?? 'onboarding',
          // Filed under the tenant it named, if that exists, so that the tenant's admins see it too.
          tenantId: event ? await this.onboarding.tenantIdFor(event.tenant.slug) : null,
          requestId,
          outcome: 'failure',
          errorCode: error.code,
          before: null,
          after: redactSecrets({ input: event ?? json ?? null }),
        });
      } else {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      sendError(res, HTTP_STATUS[error.code], error.code, error.message, error);
      return 'refused';
    }
  }
}

/** The body as JSON; bad input (not JSON, or holding U+0000, which Postgres can't store) is a ValidationError. */
function parseJson(body: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ValidationError([{ field: 'body', message: 'must be a JSON document' }]);
  }
  const field = nulCharacterPath(value, 'body');
  if (field) throw new ValidationError([{ field, message: 'must not contain the NUL character (U+0000)' }]);
  return value;
}

function sendError(res: Response, status: number, code: string, message: string, error?: DomainError): void {
  res.status(status).json({ error: { code, message, ...(error ? domainErrorDetails(error) : {}) } });
}

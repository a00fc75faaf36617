import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@idplane/config';
import { Actor, actorFromClaims, OperatorTokenVerifier } from '@idplane/admin-auth';
import { UnauthenticatedError } from '@idplane/errors';
import { GraphQLRequestContext } from './request-auth';

/** Who a GraphQL request comes from: its bearer token verified once per request, whoever asks first. */
@Injectable()
export class RequestAuthenticator {
  constructor(
    @Inject(OperatorTokenVerifier) private readonly verifier: OperatorTokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  actorOf(context: GraphQLRequestContext): Promise<Actor> {
    context.auth ??= { scopes: new Map() };
    context.auth.actor ??= this.authenticate(context.req.headers.authorization);
    return context.auth.actor;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Actor> {
    if (header === undefined) return { kind: 'anonymous' };
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
    const claims = await this.verifier.verify(match[1]);
    return actorFromClaims(claims, {
      platformAdmin: this.config.PLATFORM_ADMIN_GROUP,
      tenantAdmin: this.config.TENANT_ADMIN_GROUP,
    });
  }
}

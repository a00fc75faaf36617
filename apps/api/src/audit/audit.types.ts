import { Field, GraphQLISODateTime, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from './json.scalar';
import { Node } from '../graphql/node.interface';
import { PageInfo } from '../tenants/tenant.types';

/** The door a change came through; the values are AuditEvent.source's. */
export enum AuditSource {
  GRAPHQL = 'graphql',
  WEBHOOK = 'webhook',
}

registerEnumType(AuditSource, {
  name: 'AuditSource',
  description: 'The door a change came through.',
  valuesMap: {
    GRAPHQL: { description: 'The admin GraphQL API.' },
    WEBHOOK: { description: 'An onboarding webhook from a billing or CRM system.' },
  },
});

@ObjectType({
  description: 'One recorded change, or refused attempt, to desired state.',
  implements: () => [Node],
})
export class AuditEvent implements Node {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field({ description: 'Who did it, e.g. platform-admin:ops or tenant-admin:alice@<tenant id>.' })
  actor!: string;

  @Field({ description: 'graphql or webhook.' })
  source!: string;

  @Field({ description: 'The mutation, e.g. createTenant.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'The tenant it concerned, if any.' })
  tenantId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The request id (x-request-id), to find its log lines.',
  })
  requestId!: string | null;

  @Field({ description: 'success or failure.' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The error code when it failed.' })
  errorCode!: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The tenant before the change, secrets redacted.',
  })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The input and result, secrets redacted.' })
  after!: unknown;
}

@ObjectType({ description: 'An audit event in a connection.' })
export class AuditEventEdge {
  @Field({ description: 'Opaque cursor of this event.' })
  cursor!: string;

  @Field(() => AuditEvent, { description: 'The event.' })
  node!: AuditEvent;
}

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection {
  @Field(() => [AuditEventEdge], { description: 'The events of this page.' })
  edges!: AuditEventEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits.' })
  pageInfo!: PageInfo;
}

@InputType({ description: 'Filters for audit events; all are optional and combine with AND.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events of this tenant.' })
  tenantId?: string;

  @Field({ nullable: true, description: 'Only this action, e.g. createTenant.' })
  action?: string;

  @Field({ nullable: true, description: 'Only this actor, as shown in AuditEvent.actor.' })
  actor?: string;

  @Field(() => AuditSource, { nullable: true, description: 'Only changes that came through this door.' })
  source?: AuditSource;
}

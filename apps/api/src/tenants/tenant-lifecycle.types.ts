import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../audit/json.scalar';
import { Node } from '../graphql/node.interface';
import { PageInfo, Tenant } from './tenant.types';

@ObjectType({ description: 'The result of a tenant lifecycle mutation.' })
export class TenantPayload {
  @Field(() => Tenant, { description: 'The tenant after the change; the worker carries it out next.' })
  tenant!: Tenant;
}

@ObjectType({ description: 'The result of reconcileTenant.' })
export class ReconcileTenantPayload {
  @Field(() => Tenant, { description: 'The tenant.' })
  tenant!: Tenant;

  @Field(() => Int, { description: 'The generation the requested run reconciles to.' })
  generation!: number;
}

@ObjectType({ description: 'One change a reconcile makes, like a line of `terraform plan`.' })
export class PlanStep {
  @Field({ description: 'create, update or delete.' })
  action!: string;

  @Field({ description: 'The Cognito resource kind, e.g. UserPool, AppClient, Group.' })
  resource!: string;

  @Field({ description: 'Its deterministic name.' })
  name!: string;

  @Field(() => [String], { nullable: true, description: 'For updates: the fields that differ.' })
  changes?: string[];
}

@ObjectType({
  description: 'What the next reconcile would change, computed by a worker with read-only calls.',
})
export class TenantPlan {
  @Field(() => ID, { description: 'The tenant.' })
  tenantId!: string;

  @Field(() => Int, { description: 'The generation planned for.' })
  generation!: number;

  @Field(() => [PlanStep], { description: 'The ordered changes; empty when Cognito already matches.' })
  plan!: PlanStep[];

  @Field({ description: 'True when the changes correct drift rather than apply a spec change.' })
  drift!: boolean;
}

@ObjectType({ description: 'The record of one reconcile run.', implements: () => [Node] })
export class ReconcileRun implements Node {
  @Field(() => ID, { description: "Stable identifier (UUID); the run's log lines carry it as runId." })
  id!: string;

  @Field({ description: 'What started it: create, update, manual, drift-sweep, follow-up, ...' })
  trigger!: string;

  @Field(() => Int, { description: 'The generation it worked on.' })
  generation!: number;

  @Field({ description: 'How it ended.' })
  outcome!: string;

  @Field(() => [PlanStep], { description: 'The changes it planned and applied.' })
  plan!: PlanStep[];

  @Field(() => GraphQLJSON, { description: 'Cognito calls made, by operation.' })
  calls!: Record<string, number>;

  @Field(() => Int, { description: 'Mutating Cognito calls made.' })
  mutatingCalls!: number;

  @Field(() => Int, { description: 'Duration in milliseconds.' })
  durationMs!: number;

  @Field(() => String, { nullable: true, description: "AWS's message when it failed." })
  error!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A reconcile run in a connection.' })
export class ReconcileRunEdge {
  @Field({ description: 'Opaque cursor.' })
  cursor!: string;

  @Field(() => ReconcileRun, { description: 'The run.' })
  node!: ReconcileRun;
}

@ObjectType({ description: 'Reconcile runs, newest first.' })
export class ReconcileRunConnection {
  @Field(() => [ReconcileRunEdge], { description: 'The runs of this page.' })
  edges!: ReconcileRunEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits.' })
  pageInfo!: PageInfo;
}

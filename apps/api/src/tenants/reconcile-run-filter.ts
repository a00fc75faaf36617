import { Field, InputType } from '@nestjs/graphql';
import { FieldIssue, ValidationError } from '@idplane/errors';
import {
  RECONCILE_RUN_OUTCOMES,
  RECONCILE_TRIGGERS,
  ReconcileRunFilter,
  ReconcileRunOutcome,
} from '@idplane/tenancy';

@InputType({
  description: 'Narrows a run history. Fields left out match every run; given ones combine with AND.',
})
export class ReconcileRunFilterInput {
  @Field(() => [String], {
    nullable: true,
    description: `Only runs that ended so: ${RECONCILE_RUN_OUTCOMES.join(', ')}.`,
  })
  outcome?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only runs started so: create, update, manual, suspend, resume, delete, drift-sweep, follow-up.',
  })
  trigger?: string[] | null;
}

/** Checks the values against the known ones, so a typo is an error instead of an always-empty page. */
export function validateReconcileRunFilter(
  input: ReconcileRunFilterInput | null | undefined,
): ReconcileRunFilter | undefined {
  if (!input) return undefined;
  const issues: FieldIssue[] = [];
  const check = (values: string[] | null | undefined, known: readonly string[], field: string) => {
    if (values === undefined || values === null) return undefined;
    if (values.length === 0)
      issues.push({ field: `filter.${field}`, message: 'must name at least one value' });
    values.forEach((v, i) => {
      if (!known.includes(v))
        issues.push({ field: `filter.${field}[${i}]`, message: `must be one of ${known.join(', ')}` });
    });
    return values;
  };
  const outcomes = check(input.outcome, RECONCILE_RUN_OUTCOMES, 'outcome');
  const triggers = check(input.trigger, RECONCILE_TRIGGERS, 'trigger');
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    ...(outcomes ? { outcomes: outcomes as ReconcileRunOutcome[] } : {}),
    ...(triggers ? { triggers } : {}),
  };
}

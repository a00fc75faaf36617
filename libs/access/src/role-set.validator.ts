import { FieldIssue, ValidationError } from '@idplane/errors';
import { isIamRoleArn } from './iam-role-arn';
import {
  BUILT_IN_ROLE_NAMES,
  MAX_GROUP_NAME_LENGTH,
  MAX_PRECEDENCE,
  MAX_ROLES_PER_TENANT,
  Role,
  ROLE_DESCRIPTION_MAX,
  ROLE_NAME_PATTERN,
} from './role';

/** Untrusted role input, as it arrives from GraphQL or a stored row. */
export interface RoleInput {
  name?: unknown;
  description?: unknown;
  precedence?: unknown;
  iamRoleArn?: unknown;
}

/** The slug matters because a shared-pool group is `${slug}.${role}` and must fit Cognito's 128 characters. */
export interface RoleSetContext {
  slug: string;
}

/** Returns what is wrong with a role name, or null when it is acceptable for the tenant. */
export function roleNameIssue(name: unknown, ctx: RoleSetContext): string | null {
  if (typeof name !== 'string' || !ROLE_NAME_PATTERN.test(name)) {
    return 'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter';
  }
  if (`${ctx.slug}.${name}`.length > MAX_GROUP_NAME_LENGTH) {
    return `is too long: the group "${ctx.slug}.${name}" would exceed ${MAX_GROUP_NAME_LENGTH} characters`;
  }
  return null;
}

/**
 * Validates a tenant's whole role set into typed roles, or throws a ValidationError naming every bad field.
 * Names and precedences must be unique; the built-in roles must be present.
 */
export function validateRoleSet(input: readonly RoleInput[], ctx: RoleSetContext, path = 'roles'): Role[] {
  const issues: FieldIssue[] = [];
  if (input.length > MAX_ROLES_PER_TENANT) {
    issues.push({ field: path, message: `at most ${MAX_ROLES_PER_TENANT} roles per tenant` });
  }
  const roles: Role[] = [];
  const nameAt = new Map<string, number>();
  const precedenceAt = new Map<number, number>();
  input.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const nameProblem = roleNameIssue(raw.name, ctx);
    if (nameProblem) issues.push({ field: `${at}.name`, message: nameProblem });
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (!nameProblem) {
      const first = nameAt.get(name);
      if (first !== undefined) {
        issues.push({ field: `${at}.name`, message: `duplicates ${path}[${first}].name "${name}"` });
      } else {
        nameAt.set(name, i);
      }
    }

    const description = raw.description === undefined || raw.description === null ? '' : raw.description;
    if (typeof description !== 'string' || description.length > ROLE_DESCRIPTION_MAX) {
      issues.push({
        field: `${at}.description`,
        message: `must be a string of at most ${ROLE_DESCRIPTION_MAX} characters`,
      });
    }

    const precedence = raw.precedence;
    if (
      !Number.isInteger(precedence) ||
      (precedence as number) < 0 ||
      (precedence as number) > MAX_PRECEDENCE
    ) {
      issues.push({ field: `${at}.precedence`, message: `must be an integer from 0 to ${MAX_PRECEDENCE}` });
    } else {
      const first = precedenceAt.get(precedence as number);
      if (first !== undefined) {
        issues.push({
          field: `${at}.precedence`,
          message: `duplicates ${path}[${first}].precedence ${precedence as number}: precedences must be unique so the primary role is never a tie`,
        });
      } else {
        precedenceAt.set(precedence as number, i);
      }
    }

    const arn = raw.iamRoleArn === undefined ? null : raw.iamRoleArn;
    if (arn !== null && (typeof arn !== 'string' || !isIamRoleArn(arn))) {
      issues.push({
        field: `${at}.iamRoleArn`,
        message: 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/TenantAdmin',
      });
    }

    roles.push({
      name,
      description: typeof description === 'string' ? description : '',
      precedence: precedence as number,
      iamRoleArn: typeof arn === 'string' ? arn : null,
    });
  });
  for (const builtIn of BUILT_IN_ROLE_NAMES) {
    if (!nameAt.has(builtIn)) {
      issues.push({ field: path, message: `the built-in role "${builtIn}" cannot be removed` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return roles;
}

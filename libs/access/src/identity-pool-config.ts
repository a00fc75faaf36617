import { FieldIssue, ValidationError } from '@idplane/errors';
import { isIamRoleArn } from './iam-role-arn';
import { AMBIGUOUS_ROLE_RESOLUTIONS, AmbiguousRoleResolution } from './identity-pool-role-mappings';

/**
 * A tenant's identity pool, which turns its users' tokens into AWS credentials: signed-in users get the IAM role
 * of their most senior role that has one (Rules on `cognito:groups`), else the authenticated role, or nothing when
 * ambiguousRoleResolution is Deny. A guest role turns on unauthenticated identities.
 */
export interface IdentityPoolConfig {
  authenticatedRoleArn: string;
  /** Null: no guest (unauthenticated) identities. */
  guestRoleArn: string | null;
  ambiguousRoleResolution: AmbiguousRoleResolution;
}

export interface IdentityPoolConfigInput {
  authenticatedRoleArn?: unknown;
  guestRoleArn?: unknown;
  ambiguousRoleResolution?: unknown;
}

/** Validates an identity pool configuration; every problem is reported at once, under `path`. */
export function validateIdentityPoolConfig(
  input: IdentityPoolConfigInput,
  path = 'input',
): IdentityPoolConfig {
  const issues: FieldIssue[] = [];
  const arn = (value: unknown, field: string, required: boolean): string | null => {
    if (value === undefined || value === null) {
      if (required) issues.push({ field: `${path}.${field}`, message: 'is required' });
      return null;
    }
    if (typeof value !== 'string' || !isIamRoleArn(value)) {
      issues.push({
        field: `${path}.${field}`,
        message: 'must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)',
      });
      return null;
    }
    return value;
  };
  const authenticatedRoleArn = arn(input.authenticatedRoleArn, 'authenticatedRoleArn', true);
  const guestRoleArn = arn(input.guestRoleArn, 'guestRoleArn', false);
  const resolution = input.ambiguousRoleResolution ?? 'AuthenticatedRole';
  if (!AMBIGUOUS_ROLE_RESOLUTIONS.includes(resolution as AmbiguousRoleResolution)) {
    issues.push({
      field: `${path}.ambiguousRoleResolution`,
      message: `must be one of ${AMBIGUOUS_ROLE_RESOLUTIONS.join(', ')}`,
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    authenticatedRoleArn: authenticatedRoleArn!,
    guestRoleArn,
    ambiguousRoleResolution: resolution as AmbiguousRoleResolution,
  };
}

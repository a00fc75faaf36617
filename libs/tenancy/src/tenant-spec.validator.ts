import { FieldIssue, ValidationError } from '@idplane/errors';
import { ISOLATION_MODELS, IsolationModel, NewTenantSpec } from './tenant';

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{2,39}$/;
const DISPLAY_NAME_MAX = 200;

export interface CreateTenantInput {
  slug?: unknown;
  displayName?: unknown;
  isolationModel?: unknown;
}

/** Validates untrusted create-tenant input into a spec, or throws a ValidationError naming every bad field. */
export function validateCreateTenantInput(input: CreateTenantInput, path = 'input'): NewTenantSpec {
  const issues: FieldIssue[] = [];
  const slug = typeof input.slug === 'string' ? input.slug : '';
  if (!SLUG_PATTERN.test(slug)) {
    issues.push({
      field: `${path}.slug`,
      message: 'must be 3-40 lowercase letters, digits or hyphens, starting with a letter',
    });
  }
  const displayName = typeof input.displayName === 'string' ? input.displayName.trim() : '';
  if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX) {
    issues.push({
      field: `${path}.displayName`,
      message: `must be 1-${DISPLAY_NAME_MAX} characters, not blank`,
    });
  }
  const isolationModel = input.isolationModel;
  if (!ISOLATION_MODELS.includes(isolationModel as IsolationModel)) {
    issues.push({
      field: `${path}.isolationModel`,
      message: `must be one of ${ISOLATION_MODELS.join(', ')}`,
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { slug, displayName, isolationModel: isolationModel as IsolationModel };
}

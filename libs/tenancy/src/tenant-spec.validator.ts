import { FieldIssue, ValidationError } from '@idplane/errors';
import {
  DEFAULT_OAUTH_SCOPES,
  DEFAULT_PASSWORD_POLICY,
  ISOLATION_MODELS,
  IsolationModel,
  NewTenantSpec,
  ThreatProtectionMode,
} from './tenant';
import { REGION_PATTERN, TenantSettingsInput, validateTenantSettings } from './tenant-settings.validator';

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{2,39}$/;

export interface CreateTenantInput extends TenantSettingsInput {
  slug?: unknown;
  isolationModel?: unknown;
  /** Defaults to the installation's AWS_REGION. */
  region?: unknown;
}

/** Validates untrusted create-tenant input into a spec, or throws a ValidationError naming every bad field. */
export function validateCreateTenantInput(
  input: CreateTenantInput,
  defaultRegion = 'us-east-1',
  path = 'input',
  sharedPoolThreatProtection: ThreatProtectionMode = 'OFF',
): NewTenantSpec {
  const issues: FieldIssue[] = [];
  const slug = typeof input.slug === 'string' ? input.slug : '';
  if (!SLUG_PATTERN.test(slug)) {
    issues.push({
      field: `${path}.slug`,
      message: 'must be 3-40 lowercase letters, digits or hyphens, starting with a letter',
    });
  }
  if (input.displayName === undefined || input.displayName === null) {
    issues.push({ field: `${path}.displayName`, message: 'must be 1-200 characters, not blank' });
  }
  const isolationModel = input.isolationModel;
  const validModel = ISOLATION_MODELS.includes(isolationModel as IsolationModel);
  const region = input.region ?? defaultRegion;
  const settings = validateTenantSettings(
    { ...input, displayName: input.displayName ?? undefined },
    {
      isolationModel: validModel ? (isolationModel as IsolationModel) : 'DEDICATED_POOL',
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
      sharedPoolThreatProtection,
    },
    path,
    issues,
  );
  if (!validModel) {
    issues.push({
      field: `${path}.isolationModel`,
      message: `must be one of ${ISOLATION_MODELS.join(', ')}`,
    });
  }
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
    issues.push({ field: `${path}.region`, message: 'must be an AWS region name such as eu-west-1' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    slug,
    isolationModel: isolationModel as IsolationModel,
    region: region as string,
    displayName: settings.displayName!,
    deletionPolicy: settings.deletionPolicy ?? 'DELETE',
    driftPolicy: settings.driftPolicy ?? 'CORRECT',
    callbackUrls: settings.callbackUrls ?? [],
    logoutUrls: settings.logoutUrls ?? [],
    oauthScopes: settings.oauthScopes ?? DEFAULT_OAUTH_SCOPES,
    passwordPolicy: settings.passwordPolicy ?? DEFAULT_PASSWORD_POLICY,
    mfa: settings.mfa ?? 'OFF',
    threatProtection: settings.threatProtection ?? 'OFF',
    deletionProtection: settings.deletionProtection ?? false,
    resourceServers: settings.resourceServers ?? [],
    machineClients: settings.machineClients ?? [],
    riskConfiguration: settings.riskConfiguration ?? null,
  };
}

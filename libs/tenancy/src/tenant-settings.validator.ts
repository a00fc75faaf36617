import type { FieldIssue } from '@idplane/errors';
import {
  DELETION_POLICIES,
  DRIFT_POLICIES,
  IsolationModel,
  MachineClient,
  MFA_MODES,
  OAUTH_SCOPES,
  OAuthScope,
  PasswordPolicy,
  ResourceServer,
  RiskConfiguration,
  TenantSettingsChange,
  THREAT_PROTECTION_MODES,
  ThreatProtectionMode,
  USER_ADMIN_SCOPE,
} from './tenant';
import {
  validateMachineClients,
  validateResourceServers,
  validateRiskConfiguration,
} from './machine-access.validator';

const DISPLAY_NAME_MAX = 200;
// Cognito's limits: 100 callback and 100 logout URLs per app client, 1024 characters each.
const MAX_URLS = 100;
const MAX_URL_LENGTH = 1024;
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The settings fields a caller may send, untrusted. */
export interface TenantSettingsInput {
  displayName?: unknown;
  deletionPolicy?: unknown;
  driftPolicy?: unknown;
  callbackUrls?: unknown;
  logoutUrls?: unknown;
  oauthScopes?: unknown;
  passwordPolicy?: unknown;
  mfa?: unknown;
  threatProtection?: unknown;
  deletionProtection?: unknown;
  resourceServers?: unknown;
  machineClients?: unknown;
  riskConfiguration?: unknown;
}

/** What the settings are checked against besides the input: the tenant as it is (defaults for a new one). */
export interface TenantSettingsContext {
  isolationModel: IsolationModel;
  passwordPolicy: PasswordPolicy;
  threatProtection?: ThreatProtectionMode;
  resourceServers?: ResourceServer[];
  machineClients?: MachineClient[];
  riskConfiguration?: RiskConfiguration | null;
  /** SHARED_POOL_THREAT_PROTECTION: a shared tenant may have a risk configuration only when it is not OFF. */
  sharedPoolThreatProtection?: ThreatProtectionMode;
}

const DEDICATED_ONLY = ['passwordPolicy', 'mfa', 'threatProtection', 'deletionProtection'] as const;

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  issues: FieldIssue[],
): T | undefined {
  if (allowed.includes(value as T)) return value as T;
  issues.push({ field, message: `must be one of ${allowed.join(', ')}` });
  return undefined;
}

/** https URLs, or http only for localhost, as Cognito requires of callback and logout URLs. */
function urls(value: unknown, field: string, issues: FieldIssue[]): string[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be a list of URLs' });
    return undefined;
  }
  if (value.length > MAX_URLS) issues.push({ field, message: `must have at most ${MAX_URLS} URLs` });
  const before = issues.length;
  value.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (typeof item !== 'string' || item.length === 0 || item.length > MAX_URL_LENGTH) {
      issues.push({ field: at, message: `must be a URL of 1-${MAX_URL_LENGTH} characters` });
      return;
    }
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      issues.push({ field: at, message: 'is not a URL' });
      return;
    }
    const localhost = url.hostname === 'localhost';
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && localhost))) {
      issues.push({ field: at, message: 'must use https (http is allowed only for localhost)' });
    } else if (url.hash) {
      issues.push({ field: at, message: 'must not contain a fragment' });
    }
  });
  if (issues.length > before) return undefined;
  const list = value as string[];
  const duplicate = list.findIndex((u, i) => list.indexOf(u) !== i);
  if (duplicate >= 0) {
    issues.push({ field: `${field}[${duplicate}]`, message: 'is listed twice' });
    return undefined;
  }
  return list;
}

function scopes(value: unknown, field: string, issues: FieldIssue[]): OAuthScope[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be a list of scopes' });
    return undefined;
  }
  const before = issues.length;
  value.forEach((item, i) => {
    if (item === USER_ADMIN_SCOPE)
      issues.push({
        field: `${field}[${i}]`,
        message: `${USER_ADMIN_SCOPE} is not allowed: it would let federated users rewrite the IdP claims their roles are mapped from`,
      });
    else if (!OAUTH_SCOPES.includes(item as OAuthScope))
      issues.push({ field: `${field}[${i}]`, message: `must be one of ${OAUTH_SCOPES.join(', ')}` });
  });
  if (issues.length > before) return undefined;
  const list = [...new Set(value as OAuthScope[])];
  // Cognito refuses email, profile and phone without openid.
  if (list.some((s) => s === 'email' || s === 'profile' || s === 'phone') && !list.includes('openid')) {
    issues.push({ field, message: 'must include openid when it includes email, profile or phone' });
    return undefined;
  }
  return list;
}

function integer(
  value: unknown,
  min: number,
  max: number,
  field: string,
  issues: FieldIssue[],
): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  issues.push({ field, message: `must be an integer from ${min} to ${max}` });
  return undefined;
}

function bool(value: unknown, field: string, issues: FieldIssue[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  issues.push({ field, message: 'must be true or false' });
  return undefined;
}

function passwordPolicy(
  value: unknown,
  current: PasswordPolicy,
  field: string,
  issues: FieldIssue[],
): PasswordPolicy | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ field, message: 'must be an object' });
    return undefined;
  }
  const input = value as Record<string, unknown>;
  const known = new Set(Object.keys(current));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push({ field: `${field}.${key}`, message: 'is not a password policy field' });
  }
  const before = issues.length;
  const given = <T>(key: keyof PasswordPolicy, read: (v: unknown, f: string) => T | undefined) =>
    input[key] === undefined ? undefined : read(input[key], `${field}.${key}`);
  const policy: PasswordPolicy = {
    minimumLength: given('minimumLength', (v, f) => integer(v, 6, 99, f, issues)) ?? current.minimumLength,
    requireUppercase: given('requireUppercase', (v, f) => bool(v, f, issues)) ?? current.requireUppercase,
    requireLowercase: given('requireLowercase', (v, f) => bool(v, f, issues)) ?? current.requireLowercase,
    requireNumbers: given('requireNumbers', (v, f) => bool(v, f, issues)) ?? current.requireNumbers,
    requireSymbols: given('requireSymbols', (v, f) => bool(v, f, issues)) ?? current.requireSymbols,
    temporaryPasswordValidityDays:
      given('temporaryPasswordValidityDays', (v, f) => integer(v, 0, 365, f, issues)) ??
      current.temporaryPasswordValidityDays,
  };
  return issues.length > before ? undefined : policy;
}

/**
 * Validates the settings fields present in `input` into a change, appending an issue per bad field. Fields left
 * undefined are not part of the change. The pool settings are refused for SHARED_POOL tenants, whose pool is shared.
 */
export function validateTenantSettings(
  input: TenantSettingsInput,
  context: TenantSettingsContext,
  path: string,
  issues: FieldIssue[],
): TenantSettingsChange {
  const change: TenantSettingsChange = {};
  const at = (name: string) => `${path}.${name}`;
  if (input.displayName !== undefined) {
    const displayName = typeof input.displayName === 'string' ? input.displayName.trim() : '';
    if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX) {
      issues.push({
        field: at('displayName'),
        message: `must be 1-${DISPLAY_NAME_MAX} characters, not blank`,
      });
    } else change.displayName = displayName;
  }
  if (input.deletionPolicy !== undefined)
    change.deletionPolicy = oneOf(input.deletionPolicy, DELETION_POLICIES, at('deletionPolicy'), issues);
  if (input.driftPolicy !== undefined)
    change.driftPolicy = oneOf(input.driftPolicy, DRIFT_POLICIES, at('driftPolicy'), issues);
  if (input.callbackUrls !== undefined)
    change.callbackUrls = urls(input.callbackUrls, at('callbackUrls'), issues);
  if (input.logoutUrls !== undefined) change.logoutUrls = urls(input.logoutUrls, at('logoutUrls'), issues);
  if (input.oauthScopes !== undefined)
    change.oauthScopes = scopes(input.oauthScopes, at('oauthScopes'), issues);
  validateMachineAccess(input, context, change, at, issues);

  if (context.isolationModel === 'SHARED_POOL') {
    for (const name of DEDICATED_ONLY) {
      if (input[name] !== undefined)
        issues.push({ field: at(name), message: 'applies only to DEDICATED_POOL tenants' });
    }
    // Risk configuration is a threat protection (PLUS tier) feature, which shared pools have only when configured.
    if (input.riskConfiguration !== undefined) {
      if (input.riskConfiguration !== null && (context.sharedPoolThreatProtection ?? 'OFF') === 'OFF')
        issues.push({
          field: at('riskConfiguration'),
          message:
            'needs threat protection, which shared pools have only with SHARED_POOL_THREAT_PROTECTION set (use a DEDICATED_POOL tenant otherwise)',
        });
      else
        change.riskConfiguration = validateRiskConfiguration(
          input.riskConfiguration,
          at('riskConfiguration'),
          issues,
        );
    }
    return change;
  }
  if (input.passwordPolicy !== undefined)
    change.passwordPolicy = passwordPolicy(
      input.passwordPolicy,
      context.passwordPolicy,
      at('passwordPolicy'),
      issues,
    );
  if (input.mfa !== undefined) change.mfa = oneOf(input.mfa, MFA_MODES, at('mfa'), issues);
  if (input.threatProtection !== undefined)
    change.threatProtection = oneOf(
      input.threatProtection,
      THREAT_PROTECTION_MODES,
      at('threatProtection'),
      issues,
    );
  if (input.deletionProtection !== undefined)
    change.deletionProtection = bool(input.deletionProtection, at('deletionProtection'), issues);
  if (input.riskConfiguration !== undefined) {
    change.riskConfiguration = validateRiskConfiguration(
      input.riskConfiguration,
      at('riskConfiguration'),
      issues,
    );
  }
  // Cognito refuses SetRiskConfiguration on a pool without threat protection (UserPoolAddOnNotEnabledException).
  const threatProtection = change.threatProtection ?? context.threatProtection ?? 'OFF';
  const risk = input.riskConfiguration !== undefined ? change.riskConfiguration : context.riskConfiguration;
  if (risk && threatProtection === 'OFF') {
    issues.push(
      input.riskConfiguration !== undefined
        ? { field: at('riskConfiguration'), message: 'needs threatProtection AUDIT or ENFORCED' }
        : {
            field: at('threatProtection'),
            message:
              'cannot be OFF while the tenant has a riskConfiguration (set it to null first or together)',
          },
    );
  }
  return change;
}

/** Resource servers and machine clients; a change of either is checked against the other as it will be. */
function validateMachineAccess(
  input: TenantSettingsInput,
  context: TenantSettingsContext,
  change: TenantSettingsChange,
  at: (name: string) => string,
  issues: FieldIssue[],
): void {
  if (input.resourceServers !== undefined)
    change.resourceServers = validateResourceServers(input.resourceServers, at('resourceServers'), issues);
  const servers = change.resourceServers ?? context.resourceServers ?? [];
  if (input.machineClients !== undefined) {
    change.machineClients = validateMachineClients(
      input.machineClients,
      servers,
      at('machineClients'),
      issues,
    );
  } else if (change.resourceServers) {
    const declared = new Set(servers.flatMap((s) => s.scopes.map((sc) => `${s.identifier}/${sc.name}`)));
    for (const client of context.machineClients ?? []) {
      const lost = client.scopes.filter((scope) => !declared.has(scope));
      if (lost.length > 0)
        issues.push({
          field: at('resourceServers'),
          message: `removes ${lost.join(', ')}, which machine client ${client.name} uses`,
        });
    }
  }
}

import { AwsError, invalidParameter } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import { getOwn } from '../state/own-entry';

const STANDARD_SCOPES = new Set(['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin']);
const LEGACY_FLOWS = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

type Unit = 'seconds' | 'minutes' | 'hours' | 'days';
const SECONDS: Record<Unit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function checkValidity(value: unknown, unit: Unit, min: number, max: number, name: string): void {
  if (typeof value !== 'number') return;
  const seconds = value * SECONDS[unit];
  if (seconds < min || seconds > max) {
    throw invalidParameter(`${name} must be between ${min / 60} minutes and ${max / 86400} days.`);
  }
}

function checkUrls(urls: string[], kind: string): void {
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidParameter(`${kind} URL ${url} is not valid.`);
    }
    const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
    if (parsed.protocol === 'http:' && !local) {
      throw invalidParameter(`${kind} URL ${url} must use HTTPS unless it is for localhost.`);
    }
    if (parsed.hash) throw invalidParameter(`${kind} URL ${url} cannot contain a fragment.`);
  }
}

/** Cross-field rules for CreateUserPoolClient / UpdateUserPoolClient that the model cannot express. */
export function validateClientSettings(pool: UserPoolRecord, settings: JsonObject, hasSecret: boolean): void {
  const providers = (settings.SupportedIdentityProviders as string[] | undefined) ?? [];
  for (const provider of providers) {
    if (provider !== 'COGNITO' && !getOwn(pool.identityProviders, provider)) {
      throw invalidParameter(`The provider ${provider} does not exist for User Pool ${pool.id}`);
    }
  }

  const flows = (settings.ExplicitAuthFlows as string[] | undefined) ?? [];
  const legacy = flows.filter((f) => LEGACY_FLOWS.has(f));
  if (legacy.length > 0 && legacy.length < flows.length) {
    throw invalidParameter('The combination of legacy and new authentication flow values is not supported.');
  }

  const oauthFlows = (settings.AllowedOAuthFlows as string[] | undefined) ?? [];
  const scopes = (settings.AllowedOAuthScopes as string[] | undefined) ?? [];
  const callbacks = (settings.CallbackURLs as string[] | undefined) ?? [];
  checkUrls(callbacks, 'Callback');
  checkUrls((settings.LogoutURLs as string[] | undefined) ?? [], 'Logout');
  if (settings.DefaultRedirectURI !== undefined && !callbacks.includes(String(settings.DefaultRedirectURI))) {
    throw invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.');
  }

  if (oauthFlows.includes('client_credentials')) {
    if (oauthFlows.length > 1) {
      throw new AwsError(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected along with code flow or implicit flow.',
      );
    }
    if (!hasSecret) {
      throw new AwsError(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
    }
  }
  if (settings.AllowedOAuthFlowsUserPoolClient === true) {
    if (oauthFlows.length === 0) throw invalidParameter('AllowedOAuthFlows are required for OAuth clients.');
    if (scopes.length === 0) throw invalidParameter('AllowedOAuthScopes are required for OAuth clients.');
    if (oauthFlows.some((f) => f !== 'client_credentials') && callbacks.length === 0) {
      throw invalidParameter('CallbackURLs are required when code or implicit flows are enabled.');
    }
  }
  for (const scope of scopes) {
    const custom = !STANDARD_SCOPES.has(scope);
    if (custom && !resourceServerScopeExists(pool, scope)) {
      throw new AwsError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
    }
    if (!custom && oauthFlows.includes('client_credentials')) {
      throw new AwsError(
        'InvalidOAuthFlowException',
        'client_credentials flow can only be used with custom scopes.',
      );
    }
  }

  const units = (settings.TokenValidityUnits as Record<string, Unit> | undefined) ?? {};
  checkValidity(
    settings.AccessTokenValidity,
    units.AccessToken ?? 'minutes',
    300,
    86400,
    'Access token validity',
  );
  checkValidity(settings.IdTokenValidity, units.IdToken ?? 'minutes', 300, 86400, 'Id token validity');
  checkValidity(
    settings.RefreshTokenValidity,
    units.RefreshToken ?? 'days',
    3600,
    315360000,
    'Refresh token validity',
  );
}

function resourceServerScopeExists(pool: UserPoolRecord, scope: string): boolean {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return false;
  const server = getOwn(pool.resourceServers, scope.slice(0, slash));
  const scopes = (server?.Scopes as JsonObject[] | undefined) ?? [];
  return scopes.some((s) => s.ScopeName === scope.slice(slash + 1));
}

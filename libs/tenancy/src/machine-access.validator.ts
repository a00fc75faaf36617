import type { FieldIssue } from '@idplane/errors';
import {
  COMPROMISED_CREDENTIALS_ACTIONS,
  MachineClient,
  ResourceServer,
  ResourceServerScope,
  RISK_ACTIONS,
  RiskAction,
  RiskConfiguration,
} from './tenant';

// Cognito's patterns (cognito-identity-provider model): identifier and full scope string, scope name, server name.
const IDENTIFIER_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const SCOPE_NAME_PATTERN = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/;
const SERVER_NAME_PATTERN = /^[\w\s+=,.@-]+$/;
/**
 * Cognito allows 256 characters for an identifier and for a client's `<identifier>/<scope>`. In a shared pool the
 * identifier gets the `<slug>.` prefix (up to 41 characters), so idplane keeps that much room in every tenant.
 */
const SHARED_PREFIX_ROOM = 41;
const SCOPE_STRING_MAX = 256 - SHARED_PREFIX_ROOM;
const IDENTIFIER_MAX = 200;
const TEXT_MAX = 256;
/** ResourceServerScopeListType's maximum. */
const SCOPES_PER_SERVER_MAX = 100;
/** Cognito's default quota of resource servers per pool; one tenant can't use more than a pool has. */
const RESOURCE_SERVERS_MAX = 25;
/** ScopeListType's maximum for a client's AllowedOAuthScopes. */
const CLIENT_SCOPES_MAX = 50;
const MACHINE_CLIENTS_MAX = 20;
/** Lowercase and no dots: the dot in `idplane-<slug>-m2m.<name>` is what keeps tenants' client names apart. */
const MACHINE_CLIENT_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
// Cognito's bounds for an access token: 5 minutes to 1 day.
const ACCESS_TOKEN_MIN = 5;
const ACCESS_TOKEN_MAX = 1440;

type Issues = FieldIssue[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(input: Record<string, unknown>, known: string[], field: string, issues: Issues): void {
  for (const key of Object.keys(input))
    if (!known.includes(key)) issues.push({ field: `${field}.${key}`, message: 'is not a known field' });
}

function text(value: unknown, pattern: RegExp | null, max: number, field: string, issues: Issues): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    issues.push({ field, message: `must be 1-${max} characters` });
    return '';
  }
  if (pattern && !pattern.test(value)) {
    issues.push({ field, message: `has characters Cognito does not allow (${pattern.source})` });
    return '';
  }
  return value;
}

function scope(value: unknown, identifier: string, field: string, issues: Issues): ResourceServerScope {
  if (!isObject(value)) {
    issues.push({ field, message: 'must be an object with name and description' });
    return { name: '', description: '' };
  }
  unknownKeys(value, ['name', 'description'], field, issues);
  const name = text(value.name, SCOPE_NAME_PATTERN, TEXT_MAX, `${field}.name`, issues);
  if (name && identifier && identifier.length + 1 + name.length > SCOPE_STRING_MAX)
    issues.push({
      field: `${field}.name`,
      message: `makes "<identifier>/<name>" longer than ${SCOPE_STRING_MAX} characters`,
    });
  const description = text(value.description, null, TEXT_MAX, `${field}.description`, issues);
  return { name, description };
}

function firstDuplicate(values: string[]): number {
  return values.findIndex((v, i) => v !== '' && values.indexOf(v) !== i);
}

/** Resource servers: Cognito's patterns and lengths, unique identifiers and scope names, at most 100 scopes each. */
export function validateResourceServers(
  value: unknown,
  field: string,
  issues: Issues,
): ResourceServer[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be a list of resource servers' });
    return undefined;
  }
  const before = issues.length;
  if (value.length > RESOURCE_SERVERS_MAX)
    issues.push({ field, message: `must have at most ${RESOURCE_SERVERS_MAX} resource servers` });
  const servers = value.map((item, i): ResourceServer => {
    const at = `${field}[${i}]`;
    if (!isObject(item)) {
      issues.push({ field: at, message: 'must be an object with identifier, name and scopes' });
      return { identifier: '', name: '', scopes: [] };
    }
    unknownKeys(item, ['identifier', 'name', 'scopes'], at, issues);
    const identifier = text(item.identifier, IDENTIFIER_PATTERN, IDENTIFIER_MAX, `${at}.identifier`, issues);
    const name = text(item.name, SERVER_NAME_PATTERN, TEXT_MAX, `${at}.name`, issues);
    const rawScopes: unknown = item.scopes ?? [];
    if (!Array.isArray(rawScopes)) {
      issues.push({ field: `${at}.scopes`, message: 'must be a list of scopes' });
      return { identifier, name, scopes: [] };
    }
    if (rawScopes.length > SCOPES_PER_SERVER_MAX)
      issues.push({ field: `${at}.scopes`, message: `must have at most ${SCOPES_PER_SERVER_MAX} scopes` });
    const scopes = rawScopes.map((s, j) => scope(s, identifier, `${at}.scopes[${j}]`, issues));
    const dup = firstDuplicate(scopes.map((s) => s.name));
    if (dup >= 0) issues.push({ field: `${at}.scopes[${dup}].name`, message: 'is listed twice' });
    return { identifier, name, scopes };
  });
  const dup = firstDuplicate(servers.map((s) => s.identifier));
  if (dup >= 0) issues.push({ field: `${field}[${dup}].identifier`, message: 'is listed twice' });
  return issues.length > before ? undefined : servers;
}

/** Machine clients: names, token validity, and scopes that each name a declared `<identifier>/<scope>`. */
export function validateMachineClients(
  value: unknown,
  servers: readonly ResourceServer[],
  field: string,
  issues: Issues,
): MachineClient[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be a list of machine clients' });
    return undefined;
  }
  const before = issues.length;
  if (value.length > MACHINE_CLIENTS_MAX)
    issues.push({ field, message: `must have at most ${MACHINE_CLIENTS_MAX} machine clients` });
  const declared = new Set(servers.flatMap((s) => s.scopes.map((sc) => `${s.identifier}/${sc.name}`)));
  const clients = value.map((item, i): MachineClient => {
    const at = `${field}[${i}]`;
    const empty: MachineClient = { name: '', scopes: [], accessTokenValidityMinutes: null };
    if (!isObject(item)) {
      issues.push({ field: at, message: 'must be an object with name and scopes' });
      return empty;
    }
    unknownKeys(item, ['name', 'scopes', 'accessTokenValidityMinutes'], at, issues);
    const name = typeof item.name === 'string' && MACHINE_CLIENT_NAME.test(item.name) ? item.name : '';
    if (!name)
      issues.push({
        field: `${at}.name`,
        message: 'must be 1-40 lowercase letters, digits or hyphens, starting with a letter or digit',
      });
    const scopes: string[] = [];
    if (!Array.isArray(item.scopes) || item.scopes.length === 0) {
      // Cognito refuses a client_credentials client without a custom scope.
      issues.push({ field: `${at}.scopes`, message: 'must list at least one resource server scope' });
    } else {
      if (item.scopes.length > CLIENT_SCOPES_MAX)
        issues.push({ field: `${at}.scopes`, message: `must have at most ${CLIENT_SCOPES_MAX} scopes` });
      item.scopes.forEach((s, j) => {
        if (typeof s !== 'string' || !declared.has(s))
          issues.push({
            field: `${at}.scopes[${j}]`,
            message: 'must be "<identifier>/<scope>" naming a scope of one of the tenant\'s resource servers',
          });
        else if (scopes.includes(s)) issues.push({ field: `${at}.scopes[${j}]`, message: 'is listed twice' });
        else scopes.push(s);
      });
    }
    let validity: number | null = null;
    const v = item.accessTokenValidityMinutes;
    if (v !== undefined && v !== null) {
      if (typeof v === 'number' && Number.isInteger(v) && v >= ACCESS_TOKEN_MIN && v <= ACCESS_TOKEN_MAX)
        validity = v;
      else
        issues.push({
          field: `${at}.accessTokenValidityMinutes`,
          message: `must be an integer from ${ACCESS_TOKEN_MIN} to ${ACCESS_TOKEN_MAX}`,
        });
    }
    return { name, scopes, accessTokenValidityMinutes: validity };
  });
  const dup = firstDuplicate(clients.map((c) => c.name));
  if (dup >= 0) issues.push({ field: `${field}[${dup}].name`, message: 'is listed twice' });
  return issues.length > before ? undefined : clients;
}

function action<T extends string>(value: unknown, allowed: readonly T[], field: string, issues: Issues): T {
  if (allowed.includes(value as T)) return value as T;
  issues.push({ field, message: `must be one of ${allowed.join(', ')}` });
  return allowed[0];
}

/** A risk configuration, or null to remove it. */
export function validateRiskConfiguration(
  value: unknown,
  field: string,
  issues: Issues,
): RiskConfiguration | null | undefined {
  if (value === null) return null;
  if (!isObject(value)) {
    issues.push({
      field,
      message: 'must be an object with compromisedCredentials and accountTakeover, or null',
    });
    return undefined;
  }
  const before = issues.length;
  unknownKeys(value, ['compromisedCredentials', 'accountTakeover'], field, issues);
  const compromisedCredentials = action(
    value.compromisedCredentials,
    COMPROMISED_CREDENTIALS_ACTIONS,
    `${field}.compromisedCredentials`,
    issues,
  );
  const ato = value.accountTakeover;
  let accountTakeover: RiskConfiguration['accountTakeover'] = {
    low: 'NO_ACTION',
    medium: 'NO_ACTION',
    high: 'NO_ACTION',
  };
  if (!isObject(ato)) {
    issues.push({
      field: `${field}.accountTakeover`,
      message: 'must be an object with low, medium and high',
    });
  } else {
    unknownKeys(ato, ['low', 'medium', 'high'], `${field}.accountTakeover`, issues);
    const level = (key: 'low' | 'medium' | 'high'): RiskAction =>
      action(ato[key], RISK_ACTIONS, `${field}.accountTakeover.${key}`, issues);
    accountTakeover = { low: level('low'), medium: level('medium'), high: level('high') };
  }
  return issues.length > before ? undefined : { compromisedCredentials, accountTakeover };
}

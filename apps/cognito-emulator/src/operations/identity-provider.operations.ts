import { AwsError, invalidParameter, resourceNotFound } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import type { OperationContext, OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { enforceLimit, pageLimit, requirePool } from './pool-lookup';
import { checkProviderName, validateProviderDetails } from './provider-details.validator';
import { getOwn, setOwn } from '../state/own-entry';
import { STANDARD_ATTRIBUTE_NAMES } from './standard-attributes';

function requireProvider(pool: UserPoolRecord, name: unknown): JsonObject {
  const provider = getOwn(pool.identityProviders, String(name));
  if (!provider) throw resourceNotFound(`Identity provider ${String(name)} does not exist.`);
  return provider;
}

function checkIdentifiers(pool: UserPoolRecord, providerName: string, identifiers: string[]): void {
  if (new Set(identifiers).size !== identifiers.length) {
    throw new AwsError('DuplicateProviderException', 'Duplicate identifiers in IdpIdentifiers.');
  }
  for (const provider of Object.values(pool.identityProviders)) {
    if (provider.ProviderName === providerName) continue;
    const taken = ((provider.IdpIdentifiers as string[] | undefined) ?? []).find((id) =>
      identifiers.includes(id),
    );
    if (taken) {
      throw new AwsError(
        'DuplicateProviderException',
        `Identifier ${taken} is already used by provider ${String(provider.ProviderName)}.`,
      );
    }
  }
}

/** Cognito refuses a mapping onto an attribute the pool's schema lacks (`username` is the federated user's name). */
function checkAttributeMapping(pool: UserPoolRecord, mapping: unknown): void {
  if (!mapping) return;
  const custom = new Set(pool.customAttributes.map((a) => String(a.Name)));
  const invalid = Object.keys(mapping as JsonObject).filter(
    (name) => !(STANDARD_ATTRIBUTE_NAMES.has(name) || custom.has(name) || name === 'username'),
  );
  if (invalid.length > 0)
    throw invalidParameter(`AttributeMapping contains invalid mapping: [${invalid.join(', ')}]`);
}

function createProvider(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  const name = String(input.ProviderName);
  const type = String(input.ProviderType);
  checkProviderName(name, type);
  if (getOwn(pool.identityProviders, name)) {
    throw new AwsError(
      'DuplicateProviderException',
      `A provider with the name ${name} already exists in this user pool.`,
    );
  }
  enforceLimit(
    Object.keys(pool.identityProviders).length,
    ctx.limits.identityProvidersPerPool,
    'identity providers per user pool',
  );
  const details = validateProviderDetails(type, input.ProviderDetails as Record<string, string>);
  checkAttributeMapping(pool, input.AttributeMapping);
  const identifiers = (input.IdpIdentifiers as string[] | undefined) ?? [];
  checkIdentifiers(pool, name, identifiers);
  const provider: JsonObject = {
    UserPoolId: pool.id,
    ProviderName: name,
    ProviderType: type,
    ProviderDetails: details,
    AttributeMapping: { ...((input.AttributeMapping as JsonObject | undefined) ?? {}) },
    IdpIdentifiers: [...identifiers],
    LastModifiedDate: ctx.now,
    CreationDate: ctx.now,
  };
  setOwn(pool.identityProviders, name, provider);
  return { IdentityProvider: { ...provider } };
}

function updateProvider(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  const provider = requireProvider(pool, input.ProviderName);
  const type = String(provider.ProviderType);
  const details = input.ProviderDetails
    ? validateProviderDetails(type, {
        ...(type === 'SAML' ? {} : (provider.ProviderDetails as Record<string, string>)),
        ...(input.ProviderDetails as Record<string, string>),
      })
    : (provider.ProviderDetails as Record<string, string>);
  checkAttributeMapping(pool, input.AttributeMapping);
  if (input.IdpIdentifiers)
    checkIdentifiers(pool, String(provider.ProviderName), input.IdpIdentifiers as string[]);
  Object.assign(provider, {
    ProviderDetails: details,
    ...(input.AttributeMapping ? { AttributeMapping: { ...(input.AttributeMapping as JsonObject) } } : {}),
    ...(input.IdpIdentifiers ? { IdpIdentifiers: [...(input.IdpIdentifiers as string[])] } : {}),
    LastModifiedDate: ctx.now,
  });
  return { IdentityProvider: { ...provider } };
}

export const IDENTITY_PROVIDER_OPERATIONS: OperationTable = {
  CreateIdentityProvider: createProvider,
  UpdateIdentityProvider: updateProvider,
  DescribeIdentityProvider: (ctx, input) => ({
    IdentityProvider: { ...requireProvider(requirePool(ctx, input.UserPoolId), input.ProviderName) },
  }),
  DeleteIdentityProvider: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    requireProvider(pool, input.ProviderName);
    delete pool.identityProviders[String(input.ProviderName)];
    return {};
  },
  ListIdentityProviders: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const page = paginate(
      sortedEntries(pool.identityProviders),
      pageLimit(input.MaxResults, 60),
      input.NextToken as string | undefined,
      `ListIdentityProviders:${pool.id}`,
    );
    return {
      Providers: page.items.map((p) => ({
        ProviderName: p.ProviderName,
        ProviderType: p.ProviderType,
        LastModifiedDate: p.LastModifiedDate,
        CreationDate: p.CreationDate,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
  GetIdentityProviderByIdentifier: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const provider = Object.values(pool.identityProviders).find((p) =>
      ((p.IdpIdentifiers as string[] | undefined) ?? []).includes(String(input.IdpIdentifier)),
    );
    if (!provider)
      throw resourceNotFound(
        `Identity provider with identifier ${String(input.IdpIdentifier)} does not exist.`,
      );
    return { IdentityProvider: { ...provider } };
  },
};

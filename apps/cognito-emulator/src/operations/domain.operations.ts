import { AwsError, invalidParameter } from '../protocol/aws-error';
import type { DomainRecord, JsonObject } from '../state/state-types';
import type { OperationContext, OperationTable } from './operation-context';
import { requirePool } from './pool-lookup';
import { getOwn, setOwn } from '../state/own-entry';

const RESERVED_WORDS = ['aws', 'amazon', 'cognito'];

function isCustom(domain: string): boolean {
  return domain.includes('.');
}

function countCustomDomains(ctx: OperationContext): number {
  let count = 0;
  for (const region of Object.values(ctx.state.regions)) {
    for (const domain of Object.values(region.domains)) if (domain.custom) count += 1;
  }
  return count;
}

function cloudFrontDomain(domain: string): string {
  let hash = 0;
  for (const char of domain) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `d${hash.toString(36).padStart(12, '0').slice(0, 12)}.cloudfront.net`;
}

function createDomain(ctx: OperationContext, input: JsonObject): JsonObject {
  const domain = String(input.Domain);
  const pool = requirePool(ctx, input.UserPoolId);
  const custom = isCustom(domain);
  const certificateArn = (input.CustomDomainConfig as JsonObject | undefined)?.CertificateArn as
    string | undefined;
  if (custom && !certificateArn) {
    throw invalidParameter('CustomDomainConfig.CertificateArn is required for a custom domain.');
  }
  if (!custom) {
    if (domain.length > 63) throw invalidParameter('A domain prefix can have at most 63 characters.');
    const reserved = RESERVED_WORDS.find((word) => domain.includes(word));
    if (reserved) throw invalidParameter(`Domain cannot contain reserved word: ${reserved}`);
  }
  if (getOwn(ctx.regionState.domains, domain))
    throw invalidParameter('Domain already associated with another user pool.');
  if (custom ? pool.customDomain : pool.domain)
    throw invalidParameter('User pool already has a domain configured.');
  if (custom && countCustomDomains(ctx) >= ctx.limits.customDomainsPerAccount) {
    throw new AwsError('LimitExceededException', 'The limit of custom domains per account has been reached.');
  }
  const record: DomainRecord = {
    domain,
    userPoolId: pool.id,
    custom,
    ...(certificateArn ? { certificateArn } : {}),
    managedLoginVersion: (input.ManagedLoginVersion as number | undefined) ?? 1,
  };
  setOwn(ctx.regionState.domains, domain, record);
  if (custom) pool.customDomain = domain;
  else pool.domain = domain;
  return {
    ...(custom ? { CloudFrontDomain: cloudFrontDomain(domain) } : {}),
    ManagedLoginVersion: record.managedLoginVersion,
  };
}

function describeDomain(ctx: OperationContext, input: JsonObject): JsonObject {
  const record = getOwn(ctx.regionState.domains, String(input.Domain));
  if (!record) return { DomainDescription: {} };
  return {
    DomainDescription: {
      UserPoolId: record.userPoolId,
      AWSAccountId: ctx.accountId,
      Domain: record.domain,
      S3Bucket: 'aws-cognito-prod-auth-assets',
      CloudFrontDistribution: record.custom
        ? cloudFrontDomain(record.domain)
        : `${record.domain}.auth.${ctx.region}.amazoncognito.com`,
      Version: '20250101000000',
      Status: 'ACTIVE',
      ...(record.certificateArn ? { CustomDomainConfig: { CertificateArn: record.certificateArn } } : {}),
      ManagedLoginVersion: record.managedLoginVersion,
    },
  };
}

function requireOwnedDomain(ctx: OperationContext, input: JsonObject): DomainRecord {
  requirePool(ctx, input.UserPoolId);
  const record = getOwn(ctx.regionState.domains, String(input.Domain));
  if (!record || record.userPoolId !== input.UserPoolId)
    throw invalidParameter('No such domain or user pool exists.');
  return record;
}

export const DOMAIN_OPERATIONS: OperationTable = {
  CreateUserPoolDomain: createDomain,
  DescribeUserPoolDomain: describeDomain,
  UpdateUserPoolDomain: (ctx, input) => {
    const record = requireOwnedDomain(ctx, input);
    const certificateArn = (input.CustomDomainConfig as JsonObject | undefined)?.CertificateArn as
      string | undefined;
    if (certificateArn && !record.custom) {
      throw invalidParameter('CustomDomainConfig can only be updated on a custom domain.');
    }
    if (certificateArn) record.certificateArn = certificateArn;
    if (typeof input.ManagedLoginVersion === 'number') record.managedLoginVersion = input.ManagedLoginVersion;
    return {
      ...(record.custom ? { CloudFrontDomain: cloudFrontDomain(record.domain) } : {}),
      ManagedLoginVersion: record.managedLoginVersion,
    };
  },
  DeleteUserPoolDomain: (ctx, input) => {
    const record = requireOwnedDomain(ctx, input);
    const pool = requirePool(ctx, input.UserPoolId);
    delete ctx.regionState.domains[record.domain];
    if (record.custom) delete pool.customDomain;
    else delete pool.domain;
    return {};
  },
};

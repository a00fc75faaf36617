import type { Tenant } from '@idplane/tenancy';
import { TenantEntity } from './entities/tenant.entity';

export function toTenant(row: TenantEntity): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    isolationModel: row.isolationModel,
    region: row.region,
    suspended: row.suspended,
    sharedPoolShard: row.sharedPoolShard,
    deletionPolicy: row.deletionPolicy,
    driftPolicy: row.driftPolicy,
    callbackUrls: row.callbackUrls,
    logoutUrls: row.logoutUrls,
    oauthScopes: row.oauthScopes,
    passwordPolicy: row.passwordPolicy,
    mfa: row.mfa,
    threatProtection: row.threatProtection,
    deletionProtection: row.deletionProtection,
    resourceServers: row.resourceServers,
    machineClients: row.machineClients,
    riskConfiguration: row.riskConfiguration,
    status: row.status,
    generation: row.generation,
    observedGeneration: row.observedGeneration,
    conditions: row.conditions,
    version: row.version,
    cognito: {
      userPoolId: row.cognitoUserPoolId,
      appClientId: row.cognitoAppClientId,
      issuer: row.cognitoIssuer,
      domain: row.cognitoDomain,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

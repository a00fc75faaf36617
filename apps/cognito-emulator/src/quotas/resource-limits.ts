/** Resource quotas (AWS defaults); exceeding one gives LimitExceededException. */
export interface ResourceLimits {
  userPoolsPerAccount: number;
  appClientsPerPool: number;
  identityProvidersPerPool: number;
  resourceServersPerPool: number;
  groupsPerPool: number;
  customDomainsPerAccount: number;
  identityPoolsPerAccount: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  userPoolsPerAccount: 1000,
  appClientsPerPool: 1000,
  identityProvidersPerPool: 300,
  resourceServersPerPool: 25,
  groupsPerPool: 10000,
  customDomainsPerAccount: 4,
  identityPoolsPerAccount: 1000,
};

/** Request-rate categories and their default per-second limits (QUOTAS.md). perPool is null when AWS has none. */
export interface RateCategory {
  perAccount: number;
  perPool: number | null;
}

export const RATE_CATEGORIES: Record<string, RateCategory> = {
  UserAuthentication: { perAccount: 120, perPool: null },
  UserCreation: { perAccount: 50, perPool: null },
  UserRead: { perAccount: 120, perPool: null },
  UserResourceUpdate: { perAccount: 25, perPool: null },
  UserList: { perAccount: 30, perPool: null },
  UserUpdate: { perAccount: 25, perPool: null },
  UserPoolRead: { perAccount: 15, perPool: null },
  UserPoolUpdate: { perAccount: 15, perPool: null },
  UserPoolResourceRead: { perAccount: 20, perPool: 5 },
  UserPoolResourceUpdate: { perAccount: 15, perPool: 5 },
  UserPoolClientRead: { perAccount: 15, perPool: 5 },
  UserPoolClientUpdate: { perAccount: 15, perPool: 5 },
  // The identity-pool control plane has no published figure; QUOTAS.md suggests treating it as 5 RPS.
  IdentityPoolControl: { perAccount: 5, perPool: null },
};

const CATEGORY_OF: Record<string, string> = {
  DescribeUserPool: 'UserPoolRead',
  ListUserPools: 'UserPoolRead',
  DescribeUserPoolDomain: 'UserPoolRead',
  CreateUserPool: 'UserPoolUpdate',
  UpdateUserPool: 'UserPoolUpdate',
  DeleteUserPool: 'UserPoolUpdate',
  AddCustomAttributes: 'UserPoolUpdate',
  CreateUserPoolDomain: 'UserPoolUpdate',
  UpdateUserPoolDomain: 'UserPoolUpdate',
  DeleteUserPoolDomain: 'UserPoolUpdate',
  GetGroup: 'UserPoolResourceRead',
  ListGroups: 'UserPoolResourceRead',
  DescribeIdentityProvider: 'UserPoolResourceRead',
  ListIdentityProviders: 'UserPoolResourceRead',
  GetIdentityProviderByIdentifier: 'UserPoolResourceRead',
  DescribeResourceServer: 'UserPoolResourceRead',
  ListResourceServers: 'UserPoolResourceRead',
  GetUICustomization: 'UserPoolResourceRead',
  DescribeRiskConfiguration: 'UserPoolResourceRead',
  ListTagsForResource: 'UserPoolResourceRead',
  CreateGroup: 'UserPoolResourceUpdate',
  UpdateGroup: 'UserPoolResourceUpdate',
  DeleteGroup: 'UserPoolResourceUpdate',
  CreateIdentityProvider: 'UserPoolResourceUpdate',
  UpdateIdentityProvider: 'UserPoolResourceUpdate',
  DeleteIdentityProvider: 'UserPoolResourceUpdate',
  CreateResourceServer: 'UserPoolResourceUpdate',
  UpdateResourceServer: 'UserPoolResourceUpdate',
  DeleteResourceServer: 'UserPoolResourceUpdate',
  SetUICustomization: 'UserPoolResourceUpdate',
  SetRiskConfiguration: 'UserPoolResourceUpdate',
  TagResource: 'UserPoolResourceUpdate',
  UntagResource: 'UserPoolResourceUpdate',
  DescribeUserPoolClient: 'UserPoolClientRead',
  ListUserPoolClients: 'UserPoolClientRead',
  CreateUserPoolClient: 'UserPoolClientUpdate',
  UpdateUserPoolClient: 'UserPoolClientUpdate',
  DeleteUserPoolClient: 'UserPoolClientUpdate',
  AdminCreateUser: 'UserCreation',
  InitiateAuth: 'UserAuthentication',
  AdminInitiateAuth: 'UserAuthentication',
  AdminGetUser: 'UserRead',
  AdminAddUserToGroup: 'UserResourceUpdate',
  AdminSetUserPassword: 'UserUpdate',
  ListUsers: 'UserList',
  CreateIdentityPool: 'IdentityPoolControl',
  DescribeIdentityPool: 'IdentityPoolControl',
  UpdateIdentityPool: 'IdentityPoolControl',
  DeleteIdentityPool: 'IdentityPoolControl',
  ListIdentityPools: 'IdentityPoolControl',
  SetIdentityPoolRoles: 'IdentityPoolControl',
  GetIdentityPoolRoles: 'IdentityPoolControl',
};

export function categoryOf(operation: string): string | undefined {
  return CATEGORY_OF[operation];
}

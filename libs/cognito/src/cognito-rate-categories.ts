/**
 * Cognito's request-rate quotas for the operations idplane calls (aws-models/QUOTAS.md, AWS defaults, requests per
 * second). perPool is the per-user-pool limit of the categories that have one; both limits apply at once.
 */
export interface RateCategory {
  perAccount: number;
  perPool: number | null;
}

export const RATE_CATEGORIES = {
  UserPoolRead: { perAccount: 15, perPool: null },
  UserPoolUpdate: { perAccount: 15, perPool: null },
  UserPoolResourceRead: { perAccount: 20, perPool: 5 },
  UserPoolResourceUpdate: { perAccount: 15, perPool: 5 },
  UserPoolClientRead: { perAccount: 15, perPool: 5 },
  UserPoolClientUpdate: { perAccount: 15, perPool: 5 },
  // QUOTAS.md gives no figure for identity pool control-plane calls; 5/s is its advice, scaled by COGNITO_QUOTA_SCALE.
  IdentityPoolRead: { perAccount: 5, perPool: null },
  IdentityPoolUpdate: { perAccount: 5, perPool: null },
} as const satisfies Record<string, RateCategory>;

export type RateCategoryName = keyof typeof RATE_CATEGORIES;

const CATEGORY_OF: Record<string, RateCategoryName> = {
  DescribeIdentityPool: 'IdentityPoolRead',
  ListIdentityPools: 'IdentityPoolRead',
  GetIdentityPoolRoles: 'IdentityPoolRead',
  CreateIdentityPool: 'IdentityPoolUpdate',
  UpdateIdentityPool: 'IdentityPoolUpdate',
  DeleteIdentityPool: 'IdentityPoolUpdate',
  SetIdentityPoolRoles: 'IdentityPoolUpdate',
  DescribeUserPool: 'UserPoolRead',
  ListUserPools: 'UserPoolRead',
  DescribeUserPoolDomain: 'UserPoolRead',
  GetUserPoolMfaConfig: 'UserPoolRead',
  CreateUserPool: 'UserPoolUpdate',
  UpdateUserPool: 'UserPoolUpdate',
  DeleteUserPool: 'UserPoolUpdate',
  AddCustomAttributes: 'UserPoolUpdate',
  SetUserPoolMfaConfig: 'UserPoolUpdate',
  CreateUserPoolDomain: 'UserPoolUpdate',
  UpdateUserPoolDomain: 'UserPoolUpdate',
  DeleteUserPoolDomain: 'UserPoolUpdate',
  GetGroup: 'UserPoolResourceRead',
  ListGroups: 'UserPoolResourceRead',
  DescribeIdentityProvider: 'UserPoolResourceRead',
  ListIdentityProviders: 'UserPoolResourceRead',
  GetIdentityProviderByIdentifier: 'UserPoolResourceRead',
  ListTagsForResource: 'UserPoolResourceRead',
  DescribeResourceServer: 'UserPoolResourceRead',
  ListResourceServers: 'UserPoolResourceRead',
  DescribeRiskConfiguration: 'UserPoolResourceRead',
  CreateGroup: 'UserPoolResourceUpdate',
  UpdateGroup: 'UserPoolResourceUpdate',
  DeleteGroup: 'UserPoolResourceUpdate',
  CreateIdentityProvider: 'UserPoolResourceUpdate',
  UpdateIdentityProvider: 'UserPoolResourceUpdate',
  DeleteIdentityProvider: 'UserPoolResourceUpdate',
  TagResource: 'UserPoolResourceUpdate',
  UntagResource: 'UserPoolResourceUpdate',
  CreateResourceServer: 'UserPoolResourceUpdate',
  UpdateResourceServer: 'UserPoolResourceUpdate',
  DeleteResourceServer: 'UserPoolResourceUpdate',
  SetRiskConfiguration: 'UserPoolResourceUpdate',
  DescribeUserPoolClient: 'UserPoolClientRead',
  ListUserPoolClients: 'UserPoolClientRead',
  CreateUserPoolClient: 'UserPoolClientUpdate',
  UpdateUserPoolClient: 'UserPoolClientUpdate',
  DeleteUserPoolClient: 'UserPoolClientUpdate',
};

export function rateCategoryOf(operation: string): RateCategoryName | undefined {
  return CATEGORY_OF[operation];
}

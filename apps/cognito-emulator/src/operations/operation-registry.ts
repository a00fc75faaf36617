import type { ServiceKey } from '../model/model-types';
import { AUTH_OPERATIONS } from './auth.operations';
import { DOMAIN_OPERATIONS } from './domain.operations';
import { GROUP_OPERATIONS } from './group.operations';
import { IDENTITY_POOL_OPERATIONS } from './identity-pool.operations';
import { IDENTITY_PROVIDER_OPERATIONS } from './identity-provider.operations';
import { MFA_CONFIG_OPERATIONS } from './mfa-config.operations';
import type { OperationTable } from './operation-context';
import { POOL_SETTINGS_OPERATIONS } from './pool-settings.operations';
import { RESOURCE_SERVER_OPERATIONS } from './resource-server.operations';
import { TAG_OPERATIONS } from './tag.operations';
import { USER_POOL_CLIENT_OPERATIONS } from './user-pool-client.operations';
import { USER_POOL_OPERATIONS } from './user-pool.operations';
import { USER_OPERATIONS } from './user.operations';

export const OPERATIONS: Record<ServiceKey, OperationTable> = {
  'cognito-idp': {
    ...USER_POOL_OPERATIONS,
    ...MFA_CONFIG_OPERATIONS,
    ...USER_POOL_CLIENT_OPERATIONS,
    ...GROUP_OPERATIONS,
    ...TAG_OPERATIONS,
    ...DOMAIN_OPERATIONS,
    ...IDENTITY_PROVIDER_OPERATIONS,
    ...RESOURCE_SERVER_OPERATIONS,
    ...POOL_SETTINGS_OPERATIONS,
    ...USER_OPERATIONS,
    ...AUTH_OPERATIONS,
  },
  'cognito-identity': IDENTITY_POOL_OPERATIONS,
};

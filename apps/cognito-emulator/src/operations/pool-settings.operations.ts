import { AwsError, invalidParameter } from '../protocol/aws-error';
import type { JsonObject } from '../state/state-types';
import type { OperationTable } from './operation-context';
import { pick, requireClient, requirePool } from './pool-lookup';
import { getOwn, setOwn } from '../state/own-entry';

const ALL_CLIENTS = 'ALL';

/** SetUICustomization / GetUICustomization and Set/DescribeRiskConfiguration, per client or pool-wide ('ALL'). */
export const POOL_SETTINGS_OPERATIONS: OperationTable = {
  SetUICustomization: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    if (!pool.domain && !pool.customDomain) {
      throw invalidParameter('There has to be an existing domain associated with this user pool.');
    }
    const clientId = (input.ClientId as string | undefined) ?? ALL_CLIENTS;
    if (clientId !== ALL_CLIENTS) requireClient(pool, clientId);
    const previous = getOwn(pool.uiCustomizations, clientId);
    const customization: JsonObject = {
      UserPoolId: pool.id,
      ClientId: clientId,
      ...(input.ImageFile ? { ImageUrl: `${ctx.baseUrl}/${pool.id}/ui/${clientId}/logo.png` } : {}),
      ...pick(input, ['CSS']),
      CSSVersion: String(Math.floor(ctx.now * 1000)),
      LastModifiedDate: ctx.now,
      CreationDate: previous?.CreationDate ?? ctx.now,
    };
    setOwn(pool.uiCustomizations, clientId, customization);
    return { UICustomization: { ...customization } };
  },
  GetUICustomization: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const clientId = input.ClientId as string | undefined;
    if (clientId) requireClient(pool, clientId);
    const found =
      (clientId && getOwn(pool.uiCustomizations, clientId)) || getOwn(pool.uiCustomizations, ALL_CLIENTS);
    return {
      UICustomization: found ? { ...found } : { UserPoolId: pool.id, ClientId: clientId ?? ALL_CLIENTS },
    };
  },
  SetRiskConfiguration: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const mode = (pool.config.UserPoolAddOns as JsonObject | undefined)?.AdvancedSecurityMode;
    if (mode !== 'AUDIT' && mode !== 'ENFORCED') {
      throw new AwsError(
        'UserPoolAddOnNotEnabledException',
        'Advanced security features (threat protection) must be enabled for this user pool.',
      );
    }
    const clientId = input.ClientId as string | undefined;
    if (clientId) requireClient(pool, clientId);
    const configuration: JsonObject = {
      UserPoolId: pool.id,
      ...(clientId ? { ClientId: clientId } : {}),
      ...pick(input, [
        'CompromisedCredentialsRiskConfiguration',
        'AccountTakeoverRiskConfiguration',
        'RiskExceptionConfiguration',
      ]),
      LastModifiedDate: ctx.now,
    };
    setOwn(pool.riskConfigurations, clientId ?? ALL_CLIENTS, configuration);
    return { RiskConfiguration: { ...configuration } };
  },
  DescribeRiskConfiguration: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const clientId = input.ClientId as string | undefined;
    if (clientId) requireClient(pool, clientId);
    const found =
      (clientId && getOwn(pool.riskConfigurations, clientId)) || getOwn(pool.riskConfigurations, ALL_CLIENTS);
    return {
      RiskConfiguration: found
        ? { ...found }
        : { UserPoolId: pool.id, ...(clientId ? { ClientId: clientId } : {}) },
    };
  },
};

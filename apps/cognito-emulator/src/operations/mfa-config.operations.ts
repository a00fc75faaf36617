import { invalidParameter } from '../protocol/aws-error';
import type { JsonObject } from '../state/state-types';
import type { OperationTable } from './operation-context';
import { pick, requirePool } from './pool-lookup';
import type { UserPoolRecord } from '../state/state-types';

const FACTORS = [
  'SmsMfaConfiguration',
  'SoftwareTokenMfaConfiguration',
  'EmailMfaConfiguration',
  'WebAuthnConfiguration',
];

/** The pool's MFA factors, and its MfaConfiguration as DescribeUserPool shows it. */
function mfaConfigOf(pool: UserPoolRecord): JsonObject {
  return { ...(pool.mfaConfig ?? {}), MfaConfiguration: pool.config.MfaConfiguration ?? 'OFF' };
}

/** An MFA factor that can be a second factor: SMS or email configured, or software tokens enabled. */
function hasSecondFactor(config: JsonObject): boolean {
  return (
    config.SmsMfaConfiguration !== undefined ||
    config.EmailMfaConfiguration !== undefined ||
    (config.SoftwareTokenMfaConfiguration as JsonObject | undefined)?.Enabled === true
  );
}

/** Set/GetUserPoolMfaConfig. A factor left out of a Set keeps its setting, as MfaConfiguration does. */
export const MFA_CONFIG_OPERATIONS: OperationTable = {
  SetUserPoolMfaConfig: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const factors: JsonObject = { ...(pool.mfaConfig ?? {}), ...pick(input, FACTORS) };
    const mode =
      (input.MfaConfiguration as string | undefined) ?? (pool.config.MfaConfiguration as string) ?? 'OFF';
    if (mode !== 'OFF' && !hasSecondFactor(factors)) {
      throw invalidParameter(
        "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
      );
    }
    pool.mfaConfig = factors;
    pool.config.MfaConfiguration = mode;
    pool.modifiedAt = ctx.now;
    return mfaConfigOf(pool);
  },
  GetUserPoolMfaConfig: (ctx, input) => mfaConfigOf(requirePool(ctx, input.UserPoolId)),
};

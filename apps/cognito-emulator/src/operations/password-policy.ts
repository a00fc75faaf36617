import { AwsError } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';

const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Throws InvalidPasswordException when the password breaks the pool's password policy. */
export function checkPasswordPolicy(pool: UserPoolRecord, password: string): void {
  const policy =
    ((pool.config.Policies as JsonObject | undefined)?.PasswordPolicy as JsonObject | undefined) ?? {};
  const fail = (reason: string): never => {
    throw new AwsError('InvalidPasswordException', `Password did not conform with policy: ${reason}`);
  };
  if (password.length < Number(policy.MinimumLength ?? 8)) fail('Password not long enough');
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (policy.RequireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (policy.RequireSymbols && !SYMBOLS.test(password)) fail('Password must have symbol characters');
}

import { randomBytes, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** `us-east-1_AbCdEf123`: region, underscore, nine alphanumerics. */
export const newUserPoolId = (region: string): string => `${region}_${randomFrom(ALPHANUMERIC, 9)}`;
/** App client ids are 26 lower-case alphanumerics. */
export const newClientId = (): string => randomFrom(LOWER_ALPHANUMERIC, 26);
export const newClientSecret = (): string => randomFrom(LOWER_ALPHANUMERIC, 51);
export const newIdentityPoolId = (region: string): string => `${region}:${randomUUID()}`;
export const newUuid = (): string => randomUUID();

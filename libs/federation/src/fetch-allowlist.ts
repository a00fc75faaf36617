import type { AddressAllowlist } from './address-policy';

/** Parses a comma-separated allowlist (e.g. IDP_FETCH_ALLOWLIST): entries with a "/" are CIDRs, others host names. */
export function parseFetchAllowlist(raw: string | undefined): AddressAllowlist {
  const entries = (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return {
    hosts: entries.filter((e) => !e.includes('/')),
    cidrs: entries.filter((e) => e.includes('/')),
  };
}

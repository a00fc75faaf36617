import { isIP } from 'node:net';
import * as ipaddr from 'ipaddr.js';

/**
 * Why an address may not be fetched from. `public` is the only class allowed without an allowlist entry.
 * `cloudMetadata` is never allowed: no IdP metadata lives on an instance-metadata service, and a too-broad
 * allowlist entry must not hand out instance credentials.
 */
export type AddressClass =
  | 'public'
  | 'cloudMetadata'
  | 'private'
  | 'loopback'
  | 'linkLocal'
  | 'uniqueLocal'
  | 'carrierGradeNat'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

export interface AddressAllowlist {
  /** Host names (case-insensitive, exact) whose resolved addresses skip the private-address check. */
  readonly hosts?: readonly string[];
  /** CIDR ranges, e.g. `127.0.0.1/32` or `fd12::/16`, whose addresses are allowed. */
  readonly cidrs?: readonly string[];
}

export type AddressVerdict =
  | {
      readonly allowed: true;
      readonly address: string;
      readonly family: 4 | 6;
      readonly addressClass: AddressClass;
    }
  | { readonly allowed: false; readonly address: string; readonly addressClass: AddressClass };

// AWS IMDS over IPv4 and IPv6 (also the address GCP, Azure and OpenStack use over IPv4).
const CLOUD_METADATA = ['169.254.169.254', 'fd00:ec2::254'].map((a) => ipaddr.parse(a).toNormalizedString());

const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Classifies one IP address literal (as returned by DNS, or an IP host in a URL). */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(stripBrackets(address));
  if (family === 0) return 'invalid';
  const parsed = ipaddr.parse(stripBrackets(address));
  if (CLOUD_METADATA.includes(parsed.toNormalizedString())) return 'cloudMetadata';
  return parsed.kind() === 'ipv4' ? classifyIpv4(parsed as ipaddr.IPv4) : classifyIpv6(parsed as ipaddr.IPv6);
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  const range = address.range();
  switch (range) {
    case 'unicast':
      return 'public';
    case 'private':
    case 'loopback':
    case 'linkLocal':
    case 'carrierGradeNat':
    case 'multicast':
    case 'broadcast':
    case 'unspecified':
      return range;
    default:
      // reserved, documentation, benchmarking, AS112, AMT: none hosts an IdP.
      return 'reserved';
  }
}

function classifyIpv6(address: ipaddr.IPv6): AddressClass {
  const range = address.range();
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      // ::ffff:a.b.c.d reaches the IPv4 host: judge the IPv4 address it carries.
      return classifyAddress(address.toIPv4Address().toString());
    case 'rfc6052': {
      // NAT64 (64:ff9b::/96) also reaches the embedded IPv4 host through the translator.
      if (!address.match(ipaddr.IPv6.parseCIDR('64:ff9b::/96'))) return 'reserved';
      const [a = 0, b = 0] = address.parts.slice(6);
      return classifyAddress(`${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`);
    }
    case 'loopback':
    case 'linkLocal':
    case 'uniqueLocal':
    case 'multicast':
    case 'unspecified':
      return range;
    case 'unicast':
      // ipaddr.js calls anything unlisted "unicast", including ::a.b.c.d (IPv4-compatible) and unallocated
      // space; only 2000::/3 is globally routed, so treat the rest as not public.
      return address.match(IPV6_GLOBAL_UNICAST) ? 'public' : 'reserved';
    default:
      // 6to4, Teredo and the rest either tunnel to hosts we can't judge or are not routed at all.
      return 'reserved';
  }
}

/** Compiled once per fetcher so that invalid CIDRs fail at configuration time, not on the first fetch. */
export class AddressPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly cidrs: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(allowlist: AddressAllowlist = {}) {
    this.hosts = new Set((allowlist.hosts ?? []).map((h) => normalizeHost(h)));
    this.cidrs = (allowlist.cidrs ?? []).map((cidr) => {
      if (!ipaddr.isValidCIDR(cidr)) throw new TypeError(`Invalid CIDR in the fetch allowlist: ${cidr}`);
      return ipaddr.parseCIDR(cidr);
    });
  }

  isHostAllowlisted(hostname: string): boolean {
    return this.hosts.has(normalizeHost(hostname));
  }

  /** Decides whether a connection to `address`, reached through `hostname`, may be made. */
  check(address: string, hostname: string): AddressVerdict {
    const bare = stripBrackets(address);
    const family = isIP(bare);
    const addressClass = classifyAddress(bare);
    if (family === 0 || addressClass === 'invalid')
      return { allowed: false, address, addressClass: 'invalid' };
    const ok = { allowed: true, address: bare, family: family as 4 | 6, addressClass } as const;
    if (addressClass === 'cloudMetadata') return { allowed: false, address: bare, addressClass };
    if (addressClass === 'public') return ok;
    if (this.isHostAllowlisted(hostname) || this.inAllowedCidr(bare)) return ok;
    return { allowed: false, address: bare, addressClass };
  }

  private inAllowedCidr(address: string): boolean {
    const parsed = ipaddr.parse(address);
    const candidates =
      parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
        ? [parsed, (parsed as ipaddr.IPv6).toIPv4Address()]
        : [parsed];
    return this.cidrs.some(([range, bits]) =>
      candidates.some((candidate) => candidate.kind() === range.kind() && candidate.match(range, bits)),
    );
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function normalizeHost(host: string): string {
  return stripBrackets(host.trim().toLowerCase()).replace(/\.$/, '');
}

import { AddressPolicy, classifyAddress, type AddressClass } from './address-policy';

describe('classifyAddress', () => {
  it.each<[string, AddressClass]>([
    ['8.8.8.8', 'public'],
    ['52.94.236.248', 'public'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'cloudMetadata'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
  ])('IPv4 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each<[string, AddressClass]>([
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'cloudMetadata'],
    ['fd00:ec2:0:0:0:0:0:254', 'cloudMetadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2002:c0a8:0101::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    // ::a.b.c.d (IPv4-compatible, deprecated) and other unallocated space ipaddr.js calls "unicast".
    ['::a9fe:a9fe', 'reserved'],
    ['4000::1', 'reserved'],
  ])('IPv6 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each<[string, AddressClass]>([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'cloudMetadata'],
    ['::ffff:a9fe:a9fe', 'cloudMetadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'cloudMetadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
  ])('IPv4-in-IPv6 %s is judged by the IPv4 address it carries (%s)', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each(['', 'localhost', '999.1.1.1', '1.2.3', '0x7f.1', '2130706433', 'example.com'])(
    'treats %j as invalid rather than guessing',
    (address) => {
      expect(classifyAddress(address)).toBe('invalid');
    },
  );
});

describe('AddressPolicy', () => {
  it('allows public addresses and refuses private ones by default', () => {
    const policy = new AddressPolicy();
    expect(policy.check('8.8.8.8', 'idp.example.com')).toEqual({
      allowed: true,
      address: '8.8.8.8',
      family: 4,
      addressClass: 'public',
    });
    expect(policy.check('10.0.0.1', 'idp.example.com')).toEqual({
      allowed: false,
      address: '10.0.0.1',
      addressClass: 'private',
    });
    expect(policy.check('[::1]', '[::1]')).toMatchObject({ allowed: false, addressClass: 'loopback' });
  });

  it('lets an allowlisted host reach private addresses, matching case-insensitively', () => {
    const policy = new AddressPolicy({ hosts: ['Keycloak.Internal'] });
    expect(policy.check('10.0.0.7', 'keycloak.internal.')).toMatchObject({ allowed: true, family: 4 });
    expect(policy.check('10.0.0.7', 'other.internal')).toMatchObject({ allowed: false });
  });

  it('lets allowlisted CIDRs through, including their IPv4-mapped form', () => {
    const policy = new AddressPolicy({ cidrs: ['127.0.0.1/32', 'fd12::/16'] });
    expect(policy.check('127.0.0.1', 'localhost')).toMatchObject({ allowed: true });
    expect(policy.check('::ffff:127.0.0.1', 'localhost')).toMatchObject({ allowed: true });
    expect(policy.check('127.0.0.2', 'localhost')).toMatchObject({ allowed: false });
    expect(policy.check('fd12::5', 'x')).toMatchObject({ allowed: true, family: 6 });
  });

  it('never allows the cloud metadata service, whatever the allowlist says', () => {
    const policy = new AddressPolicy({ hosts: ['metadata'], cidrs: ['169.254.0.0/16', 'fd00::/8', '::/0'] });
    expect(policy.check('169.254.169.254', 'metadata')).toMatchObject({
      allowed: false,
      addressClass: 'cloudMetadata',
    });
    expect(policy.check('fd00:ec2::254', 'metadata')).toMatchObject({
      allowed: false,
      addressClass: 'cloudMetadata',
    });
    expect(policy.check('::ffff:169.254.169.254', 'x')).toMatchObject({
      allowed: false,
      addressClass: 'cloudMetadata',
    });
    expect(policy.check('169.254.1.1', 'metadata')).toMatchObject({ allowed: true });
  });

  it('refuses an invalid CIDR at construction', () => {
    expect(() => new AddressPolicy({ cidrs: ['10.0.0.0/33'] })).toThrow(/Invalid CIDR/);
  });
});

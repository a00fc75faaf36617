import { chooseSharedPoolShard, ShardLoad } from './shared-pool-placement';

const limits = { appClientCapacity: 800, identityProviderCapacity: 240, minShards: 1 };
const oneIdp = { appClients: 1, identityProviders: 1 };
const shard = (index: number, appClients: number, identityProviders: number): ShardLoad => ({
  index,
  appClients,
  identityProviders,
});

describe('chooseSharedPoolShard', () => {
  it('opens shard 0 when there is none', () => {
    expect(chooseSharedPoolShard([], oneIdp, limits)).toBe(0);
  });

  it('spreads over the first minShards shards, least filled first, lowest index on a tie', () => {
    const three = { ...limits, minShards: 3 };
    expect(chooseSharedPoolShard([], oneIdp, three)).toBe(0);
    expect(chooseSharedPoolShard([shard(0, 1, 1)], oneIdp, three)).toBe(1);
    expect(chooseSharedPoolShard([shard(0, 1, 1), shard(1, 1, 1)], oneIdp, three)).toBe(2);
    expect(chooseSharedPoolShard([shard(0, 2, 2), shard(1, 1, 1), shard(2, 1, 1)], oneIdp, three)).toBe(1);
  });

  it('opens a new shard once the IdP capacity would be passed, although app clients have room', () => {
    expect(chooseSharedPoolShard([shard(0, 240, 240)], oneIdp, limits)).toBe(1);
    expect(chooseSharedPoolShard([shard(0, 239, 239)], oneIdp, limits)).toBe(0);
  });

  it('opens a new shard once the app-client capacity would be passed, although IdPs have room', () => {
    expect(chooseSharedPoolShard([shard(0, 800, 10)], oneIdp, limits)).toBe(1);
    expect(chooseSharedPoolShard([shard(0, 799, 10)], oneIdp, limits)).toBe(0);
  });

  it('counts everything the tenant brings: its M2M clients and all its IdPs', () => {
    expect(chooseSharedPoolShard([shard(0, 798, 0)], { appClients: 3, identityProviders: 1 }, limits)).toBe(
      1,
    );
    expect(chooseSharedPoolShard([shard(0, 10, 230)], { appClients: 1, identityProviders: 11 }, limits)).toBe(
      1,
    );
    expect(chooseSharedPoolShard([shard(0, 10, 229)], { appClients: 1, identityProviders: 11 }, limits)).toBe(
      0,
    );
  });

  it("places a tenant's resource servers only where the pool's resource-server quota has room", () => {
    const withServers = { ...limits, resourceServerCapacity: 25 };
    const twoServers = { appClients: 2, identityProviders: 1, resourceServers: 2 };
    const full = { ...shard(0, 10, 10), resourceServers: 24 };
    expect(chooseSharedPoolShard([full], twoServers, withServers)).toBe(1);
    expect(chooseSharedPoolShard([{ ...full, resourceServers: 23 }], twoServers, withServers)).toBe(0);
    // A tenant without resource servers still fits a shard whose resource servers are used up.
    expect(chooseSharedPoolShard([{ ...full, resourceServers: 25 }], oneIdp, withServers)).toBe(0);
  });

  it('prefers the shard whose fuller dimension is emptier', () => {
    // Shard 0 has few tenants but nearly all its IdP room used; shard 1 has more tenants and most IdP room left.
    const loads = [shard(0, 100, 230), shard(1, 300, 100)];
    expect(chooseSharedPoolShard(loads, oneIdp, limits)).toBe(1);
  });

  it('fills a gap below the highest shard before opening another', () => {
    const loads = [shard(0, 240, 240), shard(1, 5, 5), shard(2, 240, 240)];
    expect(chooseSharedPoolShard(loads, oneIdp, limits)).toBe(1);
    expect(chooseSharedPoolShard([shard(0, 240, 240), shard(2, 240, 240)], oneIdp, limits)).toBe(1);
  });

  it('opens the shard after every full one, never reusing an index', () => {
    const full = [shard(0, 240, 240), shard(1, 240, 240), shard(2, 240, 240)];
    expect(chooseSharedPoolShard(full, oneIdp, limits)).toBe(3);
    expect(chooseSharedPoolShard(full, oneIdp, { ...limits, minShards: 5 })).toBe(3);
  });

  it('keeps 1,000 one-IdP tenants on every shard within both capacities', () => {
    const loads: ShardLoad[] = [];
    for (let i = 0; i < 1000; i++) {
      const index = chooseSharedPoolShard(loads, oneIdp, { ...limits, minShards: 2 });
      const load = loads.find((s) => s.index === index) ?? loads[loads.push(shard(index, 0, 0)) - 1];
      load.appClients += 1;
      load.identityProviders += 1;
    }
    expect(loads.map((s) => s.identityProviders).sort((a, b) => b - a)).toEqual([240, 240, 240, 240, 40]);
    for (const load of loads) expect(load.identityProviders).toBeLessThanOrEqual(240);
  });
});

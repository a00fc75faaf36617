import { RequestRateLimiter } from './request-rate-limiter';

const call = { operation: 'ListGroups', accountId: '1', region: 'us-east-1', userPoolId: 'us-east-1_a' };

describe('RequestRateLimiter', () => {
  it('passes everything when disabled', () => {
    const limiter = new RequestRateLimiter({ enabled: false, scale: 1 });
    for (let i = 0; i < 100; i += 1) expect(limiter.tryAcquire(call, 0)).toBe(true);
  });

  it('limits a pool to 5 per second and refills over time', () => {
    const limiter = new RequestRateLimiter({ enabled: true, scale: 1 });
    const results = Array.from({ length: 7 }, () => limiter.tryAcquire(call, 1000));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(limiter.tryAcquire({ ...call, userPoolId: 'us-east-1_b' }, 1000)).toBe(true);
    expect(limiter.tryAcquire(call, 1200)).toBe(true);
    expect(limiter.tryAcquire(call, 1200)).toBe(false);
  });

  it('applies the account limit across pools and scales it', () => {
    const limiter = new RequestRateLimiter({ enabled: true, scale: 2 });
    let passed = 0;
    for (let pool = 0; pool < 20; pool += 1) {
      for (let i = 0; i < 3; i += 1)
        if (limiter.tryAcquire({ ...call, userPoolId: `p${pool}` }, 0)) passed += 1;
    }
    expect(passed).toBe(40);
  });

  it('does not limit operations without a category', () => {
    const limiter = new RequestRateLimiter({ enabled: true, scale: 0.01 });
    for (let i = 0; i < 10; i += 1)
      expect(limiter.tryAcquire({ ...call, operation: 'Unknown' }, 0)).toBe(true);
  });
});

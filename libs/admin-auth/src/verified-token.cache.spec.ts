import { VerifiedTokenCache } from './verified-token.cache';

describe('VerifiedTokenCache', () => {
  let nowMs = 1_000_000;
  const cache = () => new VerifiedTokenCache(2, () => nowMs);

  it('answers a verified token until its exp, and not at or after it', () => {
    const c = cache();
    c.set('t1', { sub: 'a', exp: 1_060 });
    nowMs = 1_059_999;
    expect(c.get('t1')).toEqual({ sub: 'a', exp: 1_060 });
    nowMs = 1_060_000;
    expect(c.get('t1')).toBeUndefined();
  });

  it('never stores a token without exp, and forgets the oldest when full', () => {
    nowMs = 1_000_000;
    const c = cache();
    c.set('no-exp', { sub: 'x' });
    expect(c.get('no-exp')).toBeUndefined();
    c.set('t1', { exp: 2_000 });
    c.set('t2', { exp: 2_000 });
    c.set('t3', { exp: 2_000 });
    expect([c.get('t1'), c.get('t2'), c.get('t3')].map(Boolean)).toEqual([false, true, true]);
  });
});

import { ResponseCacheStore } from './response-cache-store';

describe('ResponseCacheStore', () => {
  it('answers within a generation and forgets everything when a newer one asks', () => {
    const store = new ResponseCacheStore<string>(1000, 60_000);
    expect(store.get('a', 1, 0)).toBeUndefined();
    store.set('a', 1, 'answer', 10, 0);
    expect(store.get('a', 1, 0)).toBe('answer');
    expect(store.get('a', 2, 0)).toBeUndefined();
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops an answer read during a generation the store has moved on from, and never goes back to one', () => {
    const store = new ResponseCacheStore<string>(1000, 60_000);
    store.get('a', 1, 0);
    store.get('b', 2, 0);
    store.set('a', 1, 'read before the change', 10, 0);
    expect(store.get('a', 2, 0)).toBeUndefined();
    expect(store.size.entries).toBe(0);
    store.set('b', 2, 'current', 10, 0);
    // A request that read generation 1 before the change finds nothing, and leaves generation 2's answers be.
    expect(store.get('b', 1, 0)).toBeUndefined();
    expect(store.get('b', 2, 0)).toBe('current');
  });

  it('keeps an answer at most maxAgeMs', () => {
    const store = new ResponseCacheStore<string>(1000, 60_000);
    store.get('a', 1, 0);
    store.set('a', 1, 'A', 10, 1_000);
    expect(store.get('a', 1, 61_000)).toBe('A');
    expect(store.get('a', 1, 61_001)).toBeUndefined();
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps at most maxBytes, evicting the least recently used', () => {
    const store = new ResponseCacheStore<string>(800, 60_000);
    store.get('a', 1, 0);
    store.set('a', 1, 'A', 100, 0);
    store.set('b', 1, 'B', 100, 0);
    store.set('c', 1, 'C', 100, 0);
    expect(store.get('a', 1, 0)).toBe('A');
    for (const key of ['d', 'e', 'f', 'g', 'h']) store.set(key, 1, key.toUpperCase(), 100, 0);
    expect(store.size).toEqual({ entries: 8, bytes: 800 });
    // b, then c, are the least recently used: a was read since.
    store.set('i', 1, 'I', 100, 0);
    expect(store.size).toEqual({ entries: 8, bytes: 800 });
    expect(store.get('b', 1, 0)).toBeUndefined();
    expect(store.get('c', 1, 0)).toBe('C');
    // Now a is the least recently used.
    store.set('j', 1, 'J', 100, 0);
    expect(store.get('a', 1, 0)).toBeUndefined();
    expect(store.get('d', 1, 0)).toBe('D');
    expect(store.get('j', 1, 0)).toBe('J');
  });

  it('replaces an answer under the same key, counting its size once', () => {
    const store = new ResponseCacheStore<string>(800, 60_000);
    store.get('a', 1, 0);
    store.set('a', 1, 'old', 100, 0);
    store.set('a', 1, 'new', 50, 0);
    expect(store.get('a', 1, 0)).toBe('new');
    expect(store.size).toEqual({ entries: 1, bytes: 50 });
  });

  it('keeps no answer bigger than an eighth of the whole, and nothing when sized 0', () => {
    const store = new ResponseCacheStore<string>(800, 60_000);
    store.get('a', 1, 0);
    store.set('a', 1, 'A', 101, 0);
    expect(store.get('a', 1, 0)).toBeUndefined();
    const off = new ResponseCacheStore<string>(0, 60_000);
    off.get('a', 1, 0);
    off.set('a', 1, 'A', 1, 0);
    expect(off.get('a', 1, 0)).toBeUndefined();
  });
});

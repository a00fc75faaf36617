import { paginate, sortedEntries } from './pagination';

describe('paginate', () => {
  const entries = sortedEntries({ c: 3, a: 1, b: 2, d: 4, e: 5 });

  it('walks every item exactly once across pages', () => {
    const first = paginate(entries, 2, undefined, 'op');
    expect(first.items).toEqual([1, 2]);
    const second = paginate(entries, 2, first.nextToken, 'op');
    expect(second.items).toEqual([3, 4]);
    const third = paginate(entries, 2, second.nextToken, 'op');
    expect(third.items).toEqual([5]);
    expect(third.nextToken).toBeUndefined();
  });

  it('neither skips nor repeats when an item already returned is deleted', () => {
    const first = paginate(entries, 2, undefined, 'op');
    const withoutB = entries.filter(([key]) => key !== 'b');
    expect(paginate(withoutB, 2, first.nextToken, 'op').items).toEqual([3, 4]);
  });

  it('refuses garbage and tokens from another listing', () => {
    const first = paginate(entries, 2, undefined, 'op');
    expect(() => paginate(entries, 2, 'garbage', 'op')).toThrow('Invalid pagination token');
    expect(() => paginate(entries, 2, first.nextToken, 'other')).toThrow('Invalid pagination token');
  });
});

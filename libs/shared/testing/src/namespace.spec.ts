import { testNamespace } from './namespace';

describe('testNamespace', () => {
  it('gives a different, topic-safe name every call', () => {
    const names = new Set(Array.from({ length: 100 }, () => testNamespace()));
    expect(names.size).toBe(100);
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]+$/);
  });
});

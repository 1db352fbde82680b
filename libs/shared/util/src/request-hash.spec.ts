import { canonicalJson, requestHash } from './request-hash';

describe('request hashing', () => {
  it('ignores key order but not values or array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [1, 2] } })).toBe('{"a":{"c":[1,2],"d":2},"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1, b: undefined })).toBe(requestHash({ a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ s: ['x', 'y'] })).not.toBe(requestHash({ s: ['y', 'x'] }));
  });
});

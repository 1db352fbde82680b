import { encodeSeenSeqs, MAX_EVENT_ID_LENGTH, parseSeenSeqs } from './sse-id';

describe('SSE ids: the vector of seen seqs per section', () => {
  it('encodes sections in a fixed order whatever the insertion order', () => {
    const a = encodeSeenSeqs(
      new Map([
        ['B', 40],
        ['A', 12],
      ]),
    );
    const b = encodeSeenSeqs(
      new Map([
        ['A', 12],
        ['B', 40],
      ]),
    );
    expect(a).toBe('A.12~B.40');
    expect(b).toBe(a);
  });

  it('round-trips', () => {
    const seen = new Map([
      ['floor_1', 0],
      ['Balcony', 123456789],
    ]);
    expect(parseSeenSeqs(encodeSeenSeqs(seen))).toEqual(seen);
  });

  it.each([
    ['', 'empty'],
    ['A', 'no seq'],
    ['A.-1', 'negative'],
    ['A.01', 'leading zero'],
    ['A.1~A.2', 'repeated section'],
    ['A-B.1', 'not a section name'],
    ['A.1~', 'trailing separator'],
    ['A.9999999999999999', 'beyond a safe integer'],
  ])('rejects %p (%s) so the client gets a snapshot', (id) => {
    expect(parseSeenSeqs(id)).toBeUndefined();
  });

  it('rejects ids longer than the bound without parsing them', () => {
    expect(parseSeenSeqs('A.1~'.repeat(MAX_EVENT_ID_LENGTH))).toBeUndefined();
    expect(parseSeenSeqs(null)).toBeUndefined();
  });
});

import { formatSeatId, parseSeatId } from './seat-id';

describe('seat ids are "<section>-<row>-<seat>"', () => {
  it('formats and parses back', () => {
    expect(formatSeatId('Orchestra', 'AA', 12)).toBe('Orchestra-AA-12');
    expect(parseSeatId('Orchestra-AA-12')).toEqual({ section: 'Orchestra', row: 'AA', seat: 12 });
  });

  it.each([
    '',
    'A',
    'A-1',
    'A--1',
    '-A-1',
    'A-B-',
    'A-B-0',
    'A-B-01',
    'A-B-1-2',
    'A-B-x',
    'A-B-1.5',
  ])('rejects %p', (id) => {
    expect(parseSeatId(id)).toBeUndefined();
  });
});

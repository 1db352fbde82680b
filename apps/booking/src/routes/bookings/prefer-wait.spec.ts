import { MAX_WAIT_MS, preferredWaitMs } from './prefer-wait';

describe('Prefer: wait (RFC 7240)', () => {
  it('reads wait=N as N seconds, capped at 10 s', () => {
    expect(preferredWaitMs('wait=3')).toBe(3000);
    expect(preferredWaitMs('WAIT = 2')).toBe(2000);
    expect(preferredWaitMs('wait="1"')).toBe(1000);
    expect(preferredWaitMs('wait=600')).toBe(MAX_WAIT_MS);
  });

  it('finds wait among other preferences and header lines', () => {
    expect(preferredWaitMs('return=representation, wait=5')).toBe(5000);
    expect(preferredWaitMs(['respond-async', 'wait=4'])).toBe(4000);
    expect(preferredWaitMs('wait=2, wait=9')).toBe(2000);
  });

  it('ignores an absent, unknown or invalid preference instead of refusing', () => {
    expect(preferredWaitMs(undefined)).toBe(0);
    expect(preferredWaitMs('respond-async')).toBe(0);
    expect(preferredWaitMs('wait')).toBe(0);
    expect(preferredWaitMs('wait=-1')).toBe(0);
    expect(preferredWaitMs('wait=1.5')).toBe(0);
    expect(preferredWaitMs('wait=soon')).toBe(0);
  });
});

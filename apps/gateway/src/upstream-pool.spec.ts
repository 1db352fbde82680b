import { createUpstreamPool } from './upstream-pool';

describe('the upstream pool', () => {
  it('takes the nodes in turn', () => {
    const pool = createUpstreamPool(['a', 'b']);
    expect([pool.pick(), pool.pick(), pool.pick()]).toEqual(['a', 'b', 'a']);
  });

  it('skips a node marked down until its time is up', () => {
    let t = 0;
    const pool = createUpstreamPool(['a', 'b'], { downForMs: 100, now: () => t });
    pool.markDown('a');
    expect([pool.pick(), pool.pick()]).toEqual(['b', 'b']);
    t = 100;
    expect([pool.pick(), pool.pick()]).toEqual(['a', 'b']);
  });

  it('still answers when every node is down', () => {
    const pool = createUpstreamPool(['a']);
    pool.markDown('a');
    expect(pool.pick()).toBe('a');
  });
});

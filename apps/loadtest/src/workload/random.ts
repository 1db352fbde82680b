/** A seeded 32-bit PRNG (mulberry32): the same seed gives the same request stream on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks an index in [0, n) with hot-spot skew: index k is chosen with weight 1/(k+1) (Zipf, s=1),
 * so the first sections of a venue (the ones near the stage) get most of the traffic.
 */
export function zipfIndex(random: () => number, n: number): number {
  let total = 0;
  for (let k = 1; k <= n; k++) total += 1 / k;
  let x = random() * total;
  for (let k = 1; k <= n; k++) {
    x -= 1 / k;
    if (x <= 0) return k - 1;
  }
  return n - 1;
}

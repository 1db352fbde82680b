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

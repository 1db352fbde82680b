/** The machine a run happened on, recorded with every report so figures can be compared. */
import { cpus, loadavg, totalmem } from 'node:os';

export function os(): {
  cpus: number;
  model: string;
  memGb: number;
  node: string;
  loadAvg: number[];
} {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model ?? 'unknown',
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAvg: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

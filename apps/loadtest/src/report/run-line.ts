/**
 * The last line spike and ramp print: one JSON object with the figures runs are compared by
 * (BENCHMARKS.md), so a script can take a run's result with `tail -n 1`.
 */
import { cpuPerRequest, sampleCpu, type CpuByRole } from '../metrics/process-cpu';
import type { LatencyRecorder } from '../metrics/latency-recorder';

export interface RunLine {
  buyers: number;
  /** POST /api/bookings answered per second (decided, accepted or refused). */
  requestsPerSec: number;
  /** Bookings decided (held or failed) per second. */
  decisionsPerSec: number;
  /** Request to decision. */
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per request of each process role of the machine, and their total. */
  cpuMsPerRequest: CpuByRole;
  /** The load generator's own CPU ms per request (also in cpuMsPerRequest.client). */
  clientCpuMsPerRequest: number;
}

/**
 * Starts measuring the sale: CPU now, and the rates and CPU per request at `finish`. The
 * platform's apps are the processes of `namespace` (KAFKA_NAMESPACE; empty under `npm start`).
 */
export function measureRun(namespace: string): {
  finish(o: {
    buyers: number;
    requests: number;
    decisions: number;
    recorder: LatencyRecorder;
  }): RunLine;
} {
  const cpuStart = sampleCpu(namespace);
  const t0 = performance.now();
  return {
    finish({ buyers, requests, decisions, recorder }) {
      const seconds = Math.max(0.001, (performance.now() - t0) / 1000);
      const cpu = cpuPerRequest(cpuStart, sampleCpu(namespace), requests);
      const { p50Ms, p99Ms } = recorder.summary();
      return {
        buyers,
        requestsPerSec: Math.round(requests / seconds),
        decisionsPerSec: Math.round(decisions / seconds),
        p50Ms: Math.round(p50Ms),
        p99Ms: Math.round(p99Ms),
        cpuMsPerRequest: cpu,
        clientCpuMsPerRequest: cpu['client'] ?? 0,
      };
    },
  };
}

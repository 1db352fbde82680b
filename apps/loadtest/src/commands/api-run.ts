/**
 * The frame of the commands that drive the public HTTP API (spike, ramp): the API client, Ctrl-C
 * handling, the event (created and published, or --event) and its buyers at the start; the report
 * and the exit code (130 when interrupted) at the end. The interrupt handler is released however
 * the run ends, an error included.
 */
import { createOnSaleEvent, loadEvent, buyersReadyFor, type Buyer } from '../buyers/setup';
import { stopOnInterrupt, type StopSignal } from '../cli/interrupt';
import { progressBar } from '../cli/progress';
import { createApiClient, type ApiClient, type ApiOrigins } from '../http/api-client';
import { publishRunReport, type RunReport } from '../report/report';
import type { RunLine } from '../report/run-line';
import { originsOf, type ApiCliOptions } from './api-options';

export interface ApiRun {
  readonly log: (line: string) => void;
  readonly origins: ApiOrigins;
  readonly api: ApiClient;
  readonly signal: StopSignal;
  readonly started: Date;
  readonly eventId: string;
  readonly event: Awaited<ReturnType<typeof loadEvent>>;
  /** Registers and logs in --buyers buyers (with a progress bar), once the event is bookable. */
  readonly buyersReady: () => Promise<Buyer[]>;
}

/** Runs `body` in the frame, publishes what it returns as `<kind>-<start time>`, and gives the exit code. */
export async function runApiCommand(
  kind: string,
  o: ApiCliOptions,
  body: (
    run: ApiRun,
  ) => Promise<{ report: RunReport; rejections: Record<string, number>; line?: RunLine }>,
): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const origins = originsOf(o);
  const api = createApiClient(origins);
  const signal = stopOnInterrupt(log);
  const started = new Date();
  try {
    const eventId = o.event ?? (await createOnSaleEvent(api, o));
    const event = await loadEvent(origins, eventId);
    const buyersReady = async () => {
      const accounts = progressBar('accounts', o.buyers, 'buyers');
      const buyers = await buyersReadyFor(api, o.buyers, eventId, {
        shouldStop: signal.stopped,
        onProgress: (n) => accounts.update(n),
      });
      accounts.stop();
      return buyers;
    };
    const { report, rejections, line } = await body({
      log,
      origins,
      api,
      signal,
      started,
      eventId,
      event,
      buyersReady,
    });
    publishRunReport(kind, o.reportDir, started, report, rejections);
    // The last line: the run's figures as one JSON object (report/run-line.ts).
    if (line) console.log(JSON.stringify(line));
    return signal.stopped() ? 130 : 0;
  } finally {
    signal.dispose();
    api.close();
  }
}

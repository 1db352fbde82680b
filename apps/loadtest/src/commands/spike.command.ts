/**
 * `spike`: N buyers with real accounts hit an on-sale at the same moment, each booking again as
 * soon as its previous booking is decided, until the event is sold out. Latency is request to
 * result: POST /api/bookings until the booking's status leaves PROCESSING, learnt as the UI
 * learns it (--wait: the answer of a `Prefer: wait` request; --stream: the booking's SSE stream).
 * The last line printed is one JSON object of the run's figures (report/run-line.ts).
 */
import type { Command } from 'commander';
import { sleep } from '@shared/util';
import { bookOnce } from '../buyers/book-once';
import { createRequestChooser } from '../buyers/request-chooser';
import { loadEvent, type Buyer } from '../buyers/setup';
import { progressBar } from '../cli/progress';
import type { LoadtestConfig } from '../config';
import { LatencyRecorder } from '../metrics/latency-recorder';
import { buildReport } from '../report/report';
import { measureRun } from '../report/run-line';
import { apiOptions, decisionMode, type ApiCliOptions } from './api-options';
import { runApiCommand } from './api-run';
import { positiveInt } from './options';

interface SpikeOptions extends ApiCliOptions {
  deadline: number;
  pay: boolean;
}

export function registerSpike(program: Command, config: Readonly<LoadtestConfig>): void {
  apiOptions(
    program
      .command('spike')
      .description('N buyers with real accounts hit an on-sale at once, until it is sold out'),
    config,
    { buyers: 200 },
  )
    .option('--deadline <s>', 'stop after this many seconds even if not sold out', positiveInt, 300)
    .option('--pay', 'buyers pay for what they hold (PENDING_PAYMENT -> PAID)')
    .action(async (o: SpikeOptions) => {
      process.exitCode = await spike(o, config);
    });
}

function spike(o: SpikeOptions, config: Readonly<LoadtestConfig>): Promise<number> {
  return runApiCommand('spike', o, async (run) => {
    const { log, origins, api, signal, started, eventId, event } = run;
    const capacity = event.sections.reduce((n, s) => n + s.capacity, 0);
    log(`event ${eventId}: ${capacity} seats in ${event.sections.length} sections`);
    const buyers = await run.buyersReady();
    const mode = decisionMode(o);
    const chooser = createRequestChooser(event, o);
    const measure = measureRun(config.KAFKA_NAMESPACE);
    const recorder = new LatencyRecorder();
    let decisions = 0;
    const rejections: Record<string, number> = {};
    const reject = (code: string) => (rejections[code] = (rejections[code] ?? 0) + 1);
    let held = 0;
    let bookings = 0;
    let lastHoldAt = 0;
    let soldOut = false;
    const deadline = recorder.startedAt + o.deadline * 1000;
    const over = () => signal.stopped() || soldOut || performance.now() > deadline;
    const bar = progressBar('spike   ', capacity, 'seats held');

    // The seller's view of availability (ticketing), polled: closes sold-out sections for
    // every buyer and says when the whole event is gone.
    const watcher = (async () => {
      while (!over()) {
        const view = await loadEvent(origins, eventId).catch(() => undefined);
        if (view) {
          chooser.update(view);
          if (view.sections.every((s) => s.available === 0)) soldOut = true;
        }
        await sleep(1000);
      }
    })();

    const buyerLoop = async (buyer: Buyer, b: number) => {
      for (let n = 0; !over(); n++) {
        const pick = chooser.next();
        if (!pick) {
          // Every section looks gone to the buyers: wait for the seller's view to confirm
          // (or to show seats that came back) instead of quitting early.
          await sleep(250);
          continue;
        }
        const t0 = performance.now();
        const r = await bookOnce(
          api,
          origins.booking,
          buyer.token,
          pick.body,
          `spike-${started.getTime()}-${b}-${n}`,
          mode,
        );
        const now = performance.now();
        recorder.record(now - t0, r.ok, now);
        if (r.ok || (r.http === undefined && r.code !== 'NO_DECISION_WITHIN_60S')) decisions++;
        if (r.ok) {
          bookings++;
          held += r.seats;
          lastHoldAt = now;
          bar.update(held);
          if (o.pay) await api.pay(buyer.token, r.id).catch(() => reject('PAYMENT_FAILED'));
          continue;
        }
        reject(r.code);
        // A rate limit or a network error asks to back off; the catalog copy of booking may
        // lag publication by a moment.
        if (r.http === 429 || r.http === 0) await sleep(1000);
        else if (r.code.endsWith('BOOKING_EVENT_UNKNOWN')) await sleep(200);
        else if (r.http === undefined && pick.body.mode === 'best-available')
          chooser.refused(pick.section, pick.body.quantity);
      }
    };
    await Promise.all(buyers.map(buyerLoop));
    const line = measure.finish({
      buyers: buyers.length,
      requests: recorder.count,
      decisions,
      recorder,
    });
    await watcher;
    bar.stop();
    const selloutMs = lastHoldAt > 0 ? lastHoldAt - recorder.startedAt : 0;
    const elapsedS = (performance.now() - recorder.startedAt) / 1000;
    const report = buildReport('spike', recorder, started, {
      interrupted: signal.stopped(),
      figures: {
        event: eventId,
        buyers: buyers.length,
        seats: capacity,
        'seats held': held,
        'sold out': soldOut,
        'sellout s': soldOut ? Math.round(selloutMs / 100) / 10 : 'not sold out',
        bookings,
        requests: recorder.count,
        'bookings/s': Math.round(bookings / Math.max(0.001, (selloutMs || elapsedS * 1000) / 1000)),
        'requests/s': Math.round(recorder.count / Math.max(0.001, elapsedS)),
      },
      details: { rejections, options: { ...o }, mode, run: line },
    });
    return { report, rejections, line };
  });
}

/**
 * `ramp`: an open-model load. Bookings arrive on a schedule (a rate rising linearly from
 * --from-rate to --to-rate over --duration, then held for --hold), whether or not earlier ones
 * are answered. Latency runs from each request's scheduled time to its decision, so a slow
 * system cannot hide its queueing by slowing the client down (no coordinated omission).
 */
import type { Command } from 'commander';
import { sleep } from '@shared/util';
import { bookOnce } from '../buyers/book-once';
import { createRequestChooser } from '../buyers/request-chooser';
import { progressBar } from '../cli/progress';
import type { LoadtestConfig } from '../config';
import { LatencyRecorder } from '../metrics/latency-recorder';
import { buildReport } from '../report/report';
import { measureRun } from '../report/run-line';
import { apiOptions, decisionMode, type ApiCliOptions } from './api-options';
import { runApiCommand } from './api-run';
import { nonNegativeInt, positiveInt, positiveNumber } from './options';

interface RampOptions extends ApiCliOptions {
  fromRate: number;
  toRate: number;
  duration: number;
  hold: number;
  maxInFlight: number;
}

export function registerRamp(program: Command, config: Readonly<LoadtestConfig>): void {
  apiOptions(
    program
      .command('ramp')
      .description(
        'an open-model arrival rate over time; latency from each scheduled start (HDR histogram)',
      ),
    config,
    { buyers: 100 },
  )
    .option('--from-rate <n>', 'bookings per second at the start', positiveNumber, 5)
    .option('--to-rate <n>', 'bookings per second at the end of the ramp', positiveNumber, 50)
    .option('--duration <s>', 'seconds of the ramp', positiveInt, 60)
    .option('--hold <s>', 'seconds at --to-rate after the ramp', nonNegativeInt, 0)
    .option(
      '--max-in-flight <n>',
      'client limit; arrivals beyond it count as dropped',
      positiveInt,
      5000,
    )
    .action(async (o: RampOptions) => {
      process.exitCode = await ramp(o, config);
    });
}

/** Arrival times (ms from the start) of a linear ramp then a hold: t += 1 / rate(t). */
export function arrivalSchedule(o: {
  fromRate: number;
  toRate: number;
  duration: number;
  hold: number;
}): number[] {
  const out: number[] = [];
  const end = o.duration + o.hold;
  const rate = (t: number) =>
    t >= o.duration ? o.toRate : o.fromRate + ((o.toRate - o.fromRate) * t) / o.duration;
  for (let t = 0; t < end; t += 1 / rate(t)) out.push(Math.round(t * 1000 * 1000) / 1000);
  return out;
}

function ramp(o: RampOptions, config: Readonly<LoadtestConfig>): Promise<number> {
  return runApiCommand('ramp', o, async (run) => {
    const { log, origins, api, signal, started, eventId, event } = run;
    const schedule = arrivalSchedule(o);
    const perBuyerPerMin = (o.toRate * 60) / o.buyers;
    if (perBuyerPerMin > 60)
      log(
        `note: ${Math.round(perBuyerPerMin)} bookings per buyer per minute at the top rate; booking's per-buyer rate limit (60/min by default) will refuse some: add --buyers`,
      );
    const buyers = await run.buyersReady();
    const mode = decisionMode(o);
    const chooser = createRequestChooser(event, o);
    const measure = measureRun(config.KAFKA_NAMESPACE);
    const recorder = new LatencyRecorder();
    let requests = 0;
    let decisions = 0;
    const rejections: Record<string, number> = {};
    let inFlight = 0;
    let dropped = 0;
    let seats = 0;
    let bookings = 0;
    let next = 0;
    const bar = progressBar('ramp    ', schedule.length, 'arrivals');
    const running: Promise<void>[] = [];
    const arrive = async (k: number, due: number) => {
      const buyer = buyers[k % buyers.length]!;
      const pick = chooser.next();
      if (!pick) {
        recorder.record(performance.now() - due, false);
        rejections['CLIENT_SEES_SOLD_OUT'] = (rejections['CLIENT_SEES_SOLD_OUT'] ?? 0) + 1;
        return;
      }
      inFlight++;
      const r = await bookOnce(
        api,
        origins.booking,
        buyer.token,
        pick.body,
        `ramp-${started.getTime()}-${k}`,
        mode,
      );
      inFlight--;
      requests++;
      if (r.ok || (r.http === undefined && r.code !== 'NO_DECISION_WITHIN_60S')) decisions++;
      const now = performance.now();
      recorder.record(now - due, r.ok, now);
      if (r.ok) {
        bookings++;
        seats += r.seats;
      } else {
        rejections[r.code] = (rejections[r.code] ?? 0) + 1;
        if (pick.body.mode === 'best-available' && r.http === undefined)
          chooser.refused(pick.section, pick.body.quantity);
      }
    };
    log(
      `ramp: ${schedule.length} arrivals over ${o.duration + o.hold} s (Ctrl-C stops and reports)`,
    );
    // The scheduler: fires every arrival that is due, never waiting for answers.
    while (next < schedule.length && !signal.stopped()) {
      const now = performance.now() - recorder.startedAt;
      while (next < schedule.length && schedule[next]! <= now) {
        const due = recorder.startedAt + schedule[next]!;
        if (inFlight >= o.maxInFlight) {
          dropped++;
          recorder.record(performance.now() - due, false);
        } else running.push(arrive(next, due));
        next++;
      }
      bar.update(next, { note: `${inFlight} in flight` });
      await sleep(Math.max(1, Math.min(50, (schedule[next] ?? now) - now)));
    }
    bar.stop();
    log(
      `schedule ${signal.stopped() ? 'interrupted' : 'done'}: waiting for ${inFlight} requests in flight`,
    );
    await Promise.all(running);
    const line = measure.finish({ buyers: buyers.length, requests, decisions, recorder });
    const elapsedS = (performance.now() - recorder.startedAt) / 1000;
    const report = buildReport('ramp', recorder, started, {
      interrupted: signal.stopped(),
      figures: {
        event: eventId,
        buyers: buyers.length,
        'rate /s': `${o.fromRate} -> ${o.toRate} over ${o.duration} s, hold ${o.hold} s`,
        'arrivals scheduled': schedule.length,
        'arrivals sent': next - dropped,
        'dropped (client limit)': dropped,
        bookings,
        'seats held': seats,
        'decided/s': Math.round(recorder.count / Math.max(0.001, elapsedS)),
      },
      details: {
        rejections,
        options: { ...o },
        latencyFrom: 'scheduled start (no coordinated omission)',
        mode,
        run: line,
      },
    });
    return { report, rejections, line };
  });
}

/**
 * A replay end to end: plan (optionally onto fresh copies of the events), follow the results,
 * produce at the chosen pace, wait until every replayed command has its result, then compare
 * each event's final seat map (from the changelog) with the original's.
 */
import type { Kafka } from 'kafkajs';
import { SeatResult, decodeMessage } from '@shared/contracts';
import { topicNames } from '@shared/streams';
import { sleep } from '@shared/util';
import type { RecordedMessage } from '../kafka/recording';
import { tailTopic } from '../kafka/tail';
import { LatencyRecorder } from '../metrics/latency-recorder';
import { readChangelogSections } from '../verify/stores';
import { compareSeatMaps, type SeatMapDiff } from './compare-seat-maps';
import { planReplay, recordedEvents } from './replay-plan';
import { sendReplay } from './send-replay';
import { LoadtestErrors } from '../loadtest.errors';

export interface ReplayOptions {
  kafka: Kafka;
  records: readonly RecordedMessage[];
  targetNamespace: string;
  /** Replay every recorded event onto a fresh copy (new event and booking ids). */
  freshCopy: boolean;
  partitions: number;
  /** Pace multiplier of the original timing; undefined = flat out. */
  speed?: number;
  /** Namespace whose changelog holds the original outcome; undefined = no comparison. */
  compareWith?: string;
  resultTimeoutMs: number;
  shouldStop: () => boolean;
  onProgress?: (phase: 'send' | 'results', done: number, total: number) => void;
}

export interface ReplayOutcome {
  records: number;
  sent: number;
  sendMs: number;
  commandsAwaitingResults: number;
  results: number;
  outcomes: Record<string, number>;
  /** Original event id -> the id it was replayed as. */
  events: Record<string, string>;
  comparisons: Record<string, SeatMapDiff>;
  invalid: number;
  recorder: LatencyRecorder;
}

export async function runReplay(opts: ReplayOptions): Promise<ReplayOutcome> {
  const suffix = `r${Date.now().toString(36)}`;
  const events = new Map(
    recordedEvents(opts.records).map((id) => [id, opts.freshCopy ? `${id}.${suffix}` : id]),
  );
  for (const copy of events.values())
    if (copy.length > 64) throw LoadtestErrors.usage(`event id too long for a fresh copy: ${copy}`);
  const plan = planReplay(
    opts.records,
    opts.freshCopy ? { events, bookingSuffix: suffix, partitions: opts.partitions } : undefined,
  );
  const awaited = plan.records.filter((r) => r.bookingId !== undefined);
  const pendingSends = new Map<string, number[]>();
  const recorder = new LatencyRecorder();
  const outcomes: Record<string, number> = {};
  let results = 0;
  const tail = await tailTopic(opts.kafka, topicNames(opts.targetNamespace).seatResults, (m) => {
    const r = decodeMessage(SeatResult, m.value);
    if (!r.ok) return;
    const times = pendingSends.get(r.value.bookingId);
    if (!times || times.length === 0) return;
    const sentAt = times.shift()!;
    results++;
    const label =
      r.value.type === 'ReservationRejected' ? `rejected ${r.value.code}` : r.value.type;
    outcomes[label] = (outcomes[label] ?? 0) + 1;
    recorder.record(performance.now() - sentAt, r.value.type !== 'ReservationRejected');
    opts.onProgress?.('results', results, awaited.length);
  });
  let sent = { sent: 0, ms: 0 };
  try {
    sent = await sendReplay(
      opts.kafka,
      topicNames(opts.targetNamespace).seatCommands,
      plan.records,
      {
        ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
        shouldStop: opts.shouldStop,
        onProgress: (n) => opts.onProgress?.('send', n, plan.records.length),
        onSent: (batch, at) => {
          for (const r of batch)
            if (r.bookingId)
              pendingSends.set(r.bookingId, [...(pendingSends.get(r.bookingId) ?? []), at]);
        },
      },
    );
    const expected = plan.records.slice(0, sent.sent).filter((r) => r.bookingId).length;
    const deadline = Date.now() + opts.resultTimeoutMs;
    while (results < expected && Date.now() < deadline && !opts.shouldStop()) await sleep(50);
  } finally {
    await tail.stop();
  }
  const comparisons: Record<string, SeatMapDiff> = {};
  if (opts.compareWith !== undefined && !opts.shouldStop()) {
    for (const [original, copy] of events) {
      if (original === copy && opts.compareWith === opts.targetNamespace) continue;
      const a = await readChangelogSections(opts.kafka, opts.compareWith, original);
      const b = await readChangelogSections(opts.kafka, opts.targetNamespace, copy);
      comparisons[original] = compareSeatMaps(
        a.sections,
        b.sections,
        (id) => plan.originalBooking.get(id) ?? id,
      );
    }
  }
  return {
    records: plan.records.length,
    sent: sent.sent,
    sendMs: sent.ms,
    commandsAwaitingResults: awaited.length,
    results,
    outcomes,
    events: Object.fromEntries(events),
    comparisons,
    invalid: plan.invalid,
    recorder,
  };
}

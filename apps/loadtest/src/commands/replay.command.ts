/**
 * `replay`: a recorded file, or a live range of the command topic, into the command topic, at
 * the original pace times --speed or --flat-out; with --fresh-copy onto new copies of the events,
 * so one on-sale replays again and again; then compares the outcome with the original.
 */
import type { Command } from 'commander';
import { createKafka } from '@shared/kafka';
import { brokerList } from '@shared/util';
import { stopOnInterrupt } from '../cli/interrupt';
import { progressBar, type Progress } from '../cli/progress';
import type { LoadtestConfig } from '../config';
import { readRecording, toRecorded, type RecordedMessage } from '../kafka/recording';
import { readTopicRange } from '../kafka/topic-range';
import { buildReport, summaryTable, writeReport } from '../report/report';
import { runReplay } from '../replay/run-replay';
import { instant, offset, positiveNumber } from './options';
import { resolveTopic } from './record.command';
import { LoadtestErrors } from '../loadtest.errors';

export function registerReplay(program: Command, config: Readonly<LoadtestConfig>): void {
  program
    .command('replay')
    .description(
      'produce a recording (or a live range of a command topic) into the command topic, then compare the outcome with the original',
    )
    .option('--file <file>', 'a recording made by `record`')
    .option('--from-topic <topic>', 'instead of a file: a live command topic (id or name)')
    .option('--from-namespace <ns>', 'namespace of --from-topic', config.KAFKA_NAMESPACE)
    .option('--from-offset <n>', 'live range: first offset', offset)
    .option('--to-offset <n>', 'live range: stop before this offset', offset)
    .option('--from-time <t>', 'live range: from this time (ISO or epoch ms)', instant)
    .option('--to-time <t>', 'live range: until this time (ISO or epoch ms)', instant)
    .option(
      '--namespace <ns>',
      'namespace of the command topic to replay into',
      config.KAFKA_NAMESPACE,
    )
    .option(
      '--speed <x>',
      'pace: the original gaps between records divided by x',
      positiveNumber,
      1,
    )
    .option('--flat-out', 'ignore the original pace: as fast as the broker takes it')
    .option('--fresh-copy', 'replay onto fresh copies of the events (new event and booking ids)')
    .option(
      '--compare-with <ns>',
      "namespace whose changelog holds the original outcome (default: the recording's)",
    )
    .option('--no-compare', 'do not compare with the original')
    .option('--result-timeout <s>', 'wait this long for the last results', positiveNumber, 120)
    .option('--report-dir <dir>', 'where the JSON and HTML reports go', config.LOADTEST_REPORT_DIR)
    .action(async (o: ReplayCliOptions) => {
      process.exitCode = await replay(o, config);
    });
}

interface ReplayCliOptions {
  file?: string;
  fromTopic?: string;
  fromNamespace: string;
  fromOffset?: bigint;
  toOffset?: bigint;
  fromTime?: number;
  toTime?: number;
  namespace: string;
  speed: number;
  flatOut?: boolean;
  freshCopy?: boolean;
  compareWith?: string;
  compare: boolean;
  resultTimeout: number;
  reportDir: string;
}

/** The namespace a recorded command topic name carries ("seat.commands.<ns>" -> "<ns>"). */
export function namespaceOfTopic(topic: string): string {
  return topic.startsWith('seat.commands.') ? topic.slice('seat.commands.'.length) : '';
}

async function replay(o: ReplayCliOptions, config: Readonly<LoadtestConfig>): Promise<number> {
  if (!o.file === !o.fromTopic)
    throw LoadtestErrors.usage('give exactly one of --file and --from-topic');
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: 'loadtest-replay',
  });
  const signal = stopOnInterrupt();
  const started = new Date();
  try {
    let records: RecordedMessage[];
    if (o.file) {
      records = await readRecording(o.file);
    } else {
      const topic = resolveTopic(o.fromTopic!, o.fromNamespace);
      records = [];
      await readTopicRange(
        kafka,
        topic,
        {
          ...(o.fromOffset !== undefined ? { fromOffset: o.fromOffset } : {}),
          ...(o.toOffset !== undefined ? { toOffset: o.toOffset } : {}),
          ...(o.fromTime !== undefined ? { fromTime: o.fromTime } : {}),
          ...(o.toTime !== undefined ? { toTime: o.toTime } : {}),
          shouldStop: signal.stopped,
        },
        (partition, m) => void records.push(toRecorded(topic, partition, m)),
      );
    }
    if (records.length === 0) {
      console.log('nothing to replay');
      return 1;
    }
    const original = o.compareWith ?? namespaceOfTopic(records[0]!.topic);
    let bar: Progress | undefined;
    let phase = '';
    const outcome = await runReplay({
      kafka,
      records,
      targetNamespace: o.namespace,
      freshCopy: o.freshCopy ?? false,
      partitions: config.KAFKA_PARTITIONS,
      ...(o.flatOut ? {} : { speed: o.speed }),
      ...(o.compare ? { compareWith: original } : {}),
      resultTimeoutMs: o.resultTimeout * 1000,
      shouldStop: signal.stopped,
      onProgress: (p, done, total) => {
        if (p !== phase) {
          bar?.stop();
          bar = progressBar(
            p === 'send' ? 'send   ' : 'results',
            total,
            p === 'send' ? 'records' : 'results',
          );
          phase = p;
        }
        bar!.update(done);
      },
    });
    bar?.stop();
    const differences = Object.values(outcome.comparisons).reduce(
      (n, c) => n + c.differences.length,
      0,
    );
    const report = buildReport('replay', outcome.recorder, started, {
      interrupted: signal.stopped(),
      figures: {
        records: outcome.records,
        sent: outcome.sent,
        'send ms': outcome.sendMs,
        'records/s': Math.round(outcome.sent / Math.max(0.001, outcome.sendMs / 1000)),
        'results awaited': outcome.commandsAwaitingResults,
        'results received': outcome.results,
        pace: o.flatOut ? 'flat out' : `x${o.speed}`,
        'seat map differences': o.compare ? differences : 'not compared',
      },
      details: {
        events: outcome.events,
        outcomes: outcome.outcomes,
        invalidRecords: outcome.invalid,
        comparisons: Object.fromEntries(
          Object.entries(outcome.comparisons).map(([k, c]) => [
            k,
            { ...c, differences: c.differences.slice(0, 100) },
          ]),
        ),
      },
    });
    const files = writeReport(
      o.reportDir,
      `replay-${started.toISOString().replace(/[:.]/g, '-')}`,
      report,
    );
    console.log(summaryTable(report));
    for (const [event, copy] of Object.entries(outcome.events)) {
      const c = outcome.comparisons[event];
      console.log(
        `${event} -> ${copy}: ` +
          (c
            ? `${c.sections} sections, ${c.seats} seats, ${c.differences.length} differences${c.differences.length ? ':\n  ' + c.differences.slice(0, 20).join('\n  ') : ''}`
            : 'not compared'),
      );
    }
    console.log(`report: ${files.html}, ${files.json}`);
    const complete =
      outcome.results >= outcome.commandsAwaitingResults && outcome.sent === outcome.records;
    return complete && differences === 0 && !signal.stopped() ? 0 : 1;
  } finally {
    signal.dispose();
  }
}

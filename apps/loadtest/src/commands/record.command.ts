/** `record`: a topic, or an offset/time range of it, to a JSON-lines file. */
import type { Command } from 'commander';
import { createKafka } from '@shared/kafka';
import { TOPICS, topicNames, type TopicId } from '@shared/streams';
import { brokerList } from '@shared/util';
import { stopOnInterrupt } from '../cli/interrupt';
import { progressBar, type Progress } from '../cli/progress';
import type { LoadtestConfig } from '../config';
import { RecordingWriter, toRecorded } from '../kafka/recording';
import { readTopicRange, type RangeOptions } from '../kafka/topic-range';
import { instant, offset, partitionList } from './options';

export function registerRecord(program: Command, config: Readonly<LoadtestConfig>): void {
  program
    .command('record')
    .description('copy a topic (or an offset or time range of it) to a JSON-lines file')
    .option(
      '--topic <topic>',
      `a topic id (${Object.keys(TOPICS).join(', ')}) or a full topic name`,
      'seatCommands',
    )
    .option('--namespace <ns>', 'topic namespace of a topic id', config.KAFKA_NAMESPACE)
    .requiredOption('--out <file>', 'the JSON-lines file to write')
    .option('--from-offset <n>', 'first offset, in every partition', offset)
    .option('--to-offset <n>', 'stop before this offset, in every partition', offset)
    .option('--from-time <t>', 'first record at or after this time (ISO or epoch ms)', instant)
    .option('--to-time <t>', 'stop before this time (ISO or epoch ms)', instant)
    .option('--partitions <list>', 'only these partitions (comma-separated)', partitionList)
    .option('--event <id>', 'keep only records whose key is this event or one of its sections')
    .action(async (o: RecordOptions) => {
      process.exitCode = await record(o, config);
    });
}

interface RecordOptions {
  topic: string;
  namespace: string;
  out: string;
  fromOffset?: bigint;
  toOffset?: bigint;
  fromTime?: number;
  toTime?: number;
  partitions?: number[];
  event?: string;
}

export function resolveTopic(topic: string, namespace: string): string {
  return topic in TOPICS ? topicNames(namespace)[topic as TopicId] : topic;
}

async function record(o: RecordOptions, config: Readonly<LoadtestConfig>): Promise<number> {
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: 'loadtest-record',
  });
  const topic = resolveTopic(o.topic, o.namespace);
  const writer = new RecordingWriter(o.out);
  const signal = stopOnInterrupt();
  const range: RangeOptions = {
    ...(o.fromOffset !== undefined ? { fromOffset: o.fromOffset } : {}),
    ...(o.toOffset !== undefined ? { toOffset: o.toOffset } : {}),
    ...(o.fromTime !== undefined ? { fromTime: o.fromTime } : {}),
    ...(o.toTime !== undefined ? { toTime: o.toTime } : {}),
    ...(o.partitions ? { partitions: o.partitions } : {}),
    shouldStop: signal.stopped,
    onRange: (expected) => (bar = progressBar('record', expected, 'records')),
  };
  let seen = 0;
  let bar: Progress | undefined;
  const keep = (key: string | null) =>
    !o.event || key === o.event || (key?.startsWith(`${o.event}:`) ?? false);
  try {
    const read = await readTopicRange(kafka, topic, range, (partition, m) => {
      seen++;
      bar?.update(seen);
      const r = toRecorded(topic, partition, m);
      if (keep(r.key)) writer.write(r);
    });
    bar?.stop();
    await writer.close();
    console.log(
      `recorded ${writer.count} of ${read.expected} records of ${topic} to ${o.out}` +
        (read.complete ? '' : ' (INCOMPLETE: interrupted or the topic went idle before the end)'),
    );
    return read.complete ? 0 : 1;
  } finally {
    signal.dispose();
  }
}

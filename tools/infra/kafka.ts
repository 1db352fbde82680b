import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createKafka } from '@shared/kafka';
import { waitFor } from '@shared/util';
import { KAFKA } from './paths';
import { onPath, run, startDetached } from './process';

/**
 * The local Kafka broker for machines without Docker: Apache Kafka's own artifacts from Maven
 * Central (tools/infra/kafka/pom.xml), run by the local JDK in KRaft mode, storage formatted on
 * first start. This is the path CI takes.
 */

export function fetchKafka(log: (line: string) => void): void {
  if (existsSync(KAFKA.libStamp)) return;
  for (const tool of ['java', 'mvn']) {
    if (!onPath(tool))
      throw new Error(
        `Kafka: '${tool}' not found. Install a JDK 17+ and Apache Maven (Debian: apt-get install openjdk-17-jdk-headless maven), or run Kafka yourself and set KAFKA_BROKERS.`,
      );
  }
  log('kafka: fetching Apache Kafka from Maven Central (first run only)');
  mkdirSync(KAFKA.lib, { recursive: true });
  run('mvn', [
    '-q',
    '-B',
    '-f',
    KAFKA.pom,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${KAFKA.lib}`,
  ]);
  writeFileSync(KAFKA.libStamp, new Date().toISOString());
}

function java(args: string[]): string[] {
  return ['-cp', `${KAFKA.lib}/*`, `-Dlog4j2.configurationFile=${KAFKA.log4j}`, ...args];
}

export async function startKafka(
  host: string,
  port: number,
  log: (line: string) => void,
): Promise<number> {
  fetchKafka(log);
  const controllerPort = port + 1;
  const config =
    readFileSync(KAFKA.serverTemplate, 'utf8') +
    [
      `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://${host}:${port}`,
      `controller.quorum.voters=1@${host}:${controllerPort}`,
      `log.dirs=${KAFKA.data}`,
      '',
    ].join('\n');
  mkdirSync(KAFKA.data, { recursive: true });
  writeFileSync(KAFKA.config, config);
  if (!existsSync(`${KAFKA.data}/meta.properties`)) {
    log('kafka: formatting storage');
    const clusterId = run('java', java(['kafka.tools.StorageTool', 'random-uuid']))
      .trim()
      .split('\n')
      .pop()!;
    run(
      'java',
      java([
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        KAFKA.config,
        '--ignore-formatted',
      ]),
    );
  }
  const pid = startDetached(
    'java',
    java([
      '-Xms512m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      'kafka.Kafka',
      KAFKA.config,
    ]),
    { logFile: KAFKA.log, pidFile: KAFKA.pid },
  );
  log(`kafka: started broker pid ${pid}, log ${KAFKA.log}`);
  return pid;
}

/** Ready means the broker answers metadata requests, not merely that its port is open. */
export async function waitForKafka(brokers: string[], timeoutMs: number): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'infra-probe', connectionTimeoutMs: 1000 });
  await waitFor(
    `Kafka at ${brokers.join(',')} (log: ${KAFKA.log})`,
    async () => {
      const admin = kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      try {
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0;
      } finally {
        await admin.disconnect();
      }
    },
    { timeoutMs, intervalMs: 500 },
  );
}

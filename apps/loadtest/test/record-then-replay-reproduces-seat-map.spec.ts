import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { SeatCommand } from '@shared/contracts';
import { assignSections } from '@shared/streams';
import { createTestTopics, testKafka, testNamespace } from '@shared/testing';
import { createCommandClient, type CommandClient } from '../src/engine/command-client';
import { readRecording } from '../src/kafka/recording';
import { compareSeatMaps } from '../src/replay/compare-seat-maps';
import { readChangelogSections } from '../src/verify/stores';
import { runCli, startSeatEngine } from './support';

const EVENT = 'evt_recorded';
const SECTIONS = ['A', 'B', 'C'];

describe('record then replay onto a fresh event', () => {
  let kafka: Kafka;
  let ns: string;
  let dropTopics: () => Promise<void>;
  let engine: { stop: () => Promise<void> };
  let client: CommandClient;
  const dir = mkdtempSync(join(tmpdir(), 'loadtest-replay-'));

  beforeAll(async () => {
    kafka = testKafka('loadtest-replay-spec');
    ns = testNamespace('lt');
    dropTopics = (await createTestTopics(kafka, ns)).cleanup;
    engine = await startSeatEngine(kafka, ns);
    client = await createCommandClient(kafka, ns);
  });

  afterAll(async () => {
    await client?.close();
    await engine?.stop();
    await dropTopics?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reproduces the same final seat map, seat by seat and owner by owner', async () => {
    // An on-sale in miniature: 3 sections of 4 rows x 8 seats; best-available and manual
    // requests (some colliding), a few releases and finalizes; 26 bookings in all.
    const assignment = assignSections(
      EVENT,
      SECTIONS.map((name) => ({ name, seats: 32 })),
      10,
    );
    for (const section of SECTIONS)
      await client.send(
        {
          type: 'InitSection',
          v: 1,
          eventId: EVENT,
          section,
          rows: Array.from({ length: 4 }, (_, r) => ({ label: String(r + 1), seats: 8 })),
          priceCents: 2500,
        },
        assignment[section]!,
      );
    const reserve = (i: number): SeatCommand & { bookingId: string } => {
      const section = SECTIONS[i % 3]!;
      return i % 4 === 3
        ? {
            type: 'ReserveSeats',
            v: 1,
            eventId: EVENT,
            section,
            bookingId: `b${i}`,
            mode: 'manual',
            seats: [`${section}-4-${(i % 8) + 1}`, `${section}-4-${((i + 1) % 8) + 1}`],
          }
        : {
            type: 'ReserveSeats',
            v: 1,
            eventId: EVENT,
            section,
            bookingId: `b${i}`,
            mode: 'best-available',
            quantity: 2 + (i % 3),
          };
    };
    const results = await Promise.all(
      Array.from({ length: 26 }, (_, i) => reserve(i)).map((c) =>
        client.request(c, assignment[c.section]!),
      ),
    );
    const held = results.filter((r) => r.type === 'SeatsReserved');
    expect(held.length).toBeGreaterThan(10);
    // Release some holds and finalize others, in order, as booking would.
    for (const [k, r] of held.slice(0, 6).entries()) {
      const command: SeatCommand & { bookingId: string } =
        k % 2 === 0
          ? {
              type: 'ReleaseSeats',
              v: 1,
              eventId: EVENT,
              section: r.section,
              bookingId: r.bookingId,
              reason: 'EXPIRED',
            }
          : {
              type: 'FinalizeSeats',
              v: 1,
              eventId: EVENT,
              section: r.section,
              bookingId: r.bookingId,
            };
      await client.request(command, assignment[r.section]!);
    }

    const file = join(dir, 'onsale.jsonl');
    const recorded = await runCli([
      'record',
      '--topic',
      'seatCommands',
      '--namespace',
      ns,
      '--event',
      EVENT,
      '--out',
      file,
    ]);
    expect(recorded.stderr).not.toMatch(/loadtest:/);
    expect(recorded.code).toBe(0);
    const lines = await readRecording(file);
    expect(lines).toHaveLength(3 + 26 + 6);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        key: expect.stringMatching(/^evt_recorded:/),
        headers: {},
        timestamp: expect.any(Number),
      }),
    );
    // A time range: from the first release on, only the 6 releases and finalizes.
    // (The file interleaves partitions: the earliest timestamp, not the first line, is the start.)
    const firstRelease = Math.min(
      ...lines
        .filter((l) => ['ReleaseSeats', 'FinalizeSeats'].includes((l.value as SeatCommand).type))
        .map((l) => l.timestamp),
    );
    const tail = join(dir, 'tail.jsonl');
    const ranged = await runCli([
      'record',
      '--namespace',
      ns,
      '--from-time',
      new Date(firstRelease).toISOString(),
      '--out',
      tail,
    ]);
    expect(ranged.code).toBe(0);
    const tailLines = await readRecording(tail);
    expect(tailLines.map((l) => (l.value as SeatCommand).type).sort()).toEqual([
      'FinalizeSeats',
      'FinalizeSeats',
      'FinalizeSeats',
      'ReleaseSeats',
      'ReleaseSeats',
      'ReleaseSeats',
    ]);

    const replayed = await runCli([
      'replay',
      '--file',
      file,
      '--namespace',
      ns,
      '--fresh-copy',
      '--speed',
      '20',
      '--result-timeout',
      '60',
      '--report-dir',
      dir,
    ]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(
      /evt_recorded -> evt_recorded\.r\w+: 3 sections, 96 seats, 0 differences/,
    );

    // Independently of the CLI's own comparison: read both seat maps from the changelog.
    const report = JSON.parse(
      readFileSync(
        join(
          dir,
          readdirSync(dir).find((f) => f.startsWith('replay-') && f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as { details: { events: Record<string, string> } };
    const copy = report.details.events[EVENT]!;
    expect(copy).not.toBe(EVENT);
    const original = await readChangelogSections(kafka, ns, EVENT);
    const again = await readChangelogSections(kafka, ns, copy);
    expect(again.sections.size).toBe(3);
    const suffix = copy.slice(EVENT.length + 1);
    const diff = compareSeatMaps(original.sections, again.sections, (id) =>
      id.replace(`.${suffix}`, ''),
    );
    expect(diff.differences).toEqual([]);
    expect(diff.seats).toBe(96);
    // A live range of the topic replays too, flat out: the original and the first copy are
    // both in it now, and each gets a fresh copy that matches it.
    const live = await runCli([
      'replay',
      '--from-topic',
      'seatCommands',
      '--from-namespace',
      ns,
      '--namespace',
      ns,
      '--fresh-copy',
      '--flat-out',
      '--result-timeout',
      '60',
      '--report-dir',
      dir,
    ]);
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(
      /evt_recorded -> evt_recorded\.r\w+: 3 sections, 96 seats, 0 differences/,
    );
    expect(live.stdout).toMatch(
      /evt_recorded\.r\w+ -> evt_recorded\.r\w+\.r\w+: 3 sections, 96 seats, 0 differences/,
    );

    // The copy really sold seats: the comparison is not between two empty maps.
    const taken = [...again.sections.values()].reduce((n, s) => n + s.reserved + s.sold, 0);
    expect(taken).toBeGreaterThan(20);
  });
});

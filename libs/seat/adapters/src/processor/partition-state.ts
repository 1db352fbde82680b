import {
  decodeSection,
  encodeSection,
  execute,
  sectionCounts,
  type SectionState,
} from '@seat/domain';
import { decodeMessage, encodeMessage, SeatCommand } from '@shared/contracts';
import { endedBlockKey, parseEndedBlockKey, sectionKey } from '@shared/streams';
import { toAvailability, toDomainCommand, toResult } from './command-mapping';

/**
 * The in-memory state of one command partition: every section it owns, keyed "eventId:section".
 * `processMessages` is the whole of the per-batch logic, free of Kafka: it turns input messages
 * into the records one transaction must carry. It mutates sections in place, so a caller that
 * fails to commit must throw the PartitionState away and restore a fresh one.
 */

export interface InputMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

export interface OutRecord {
  key: string;
  value: Buffer | null;
}

export interface BatchOutput {
  results: OutRecord[];
  availability: OutRecord[];
  /**
   * One snapshot per section changed in the batch (the latest wins), and each block of a
   * section's ended-bookings memory that changed (keys from `endedBlockKey`).
   */
  changelog: Map<string, Buffer>;
  deadLetters: { message: InputMessage; reason: string }[];
  /** Commands applied (valid and decided), for metrics. */
  applied: number;
}

export class PartitionState {
  readonly sections = new Map<string, SectionState>();
  /** Ended-bookings blocks by section key and block, until `finishLoad` (keys come in any order). */
  private readonly endedBlocks = new Map<string, Map<number, Uint8Array>>();

  constructor(readonly partition: number) {}

  /**
   * Loads a record (from RocksDB or the changelog): a section snapshot or a block of a
   * section's ended-bookings memory; later loads of a key replace earlier ones. Call
   * `finishLoad` after the last one.
   */
  load(key: string, bytes: Uint8Array): void {
    const ended = parseEndedBlockKey(key);
    if (!ended) {
      this.sections.set(key, decodeSection(bytes));
      return;
    }
    const blocks = this.endedBlocks.get(ended.sectionKey) ?? new Map<number, Uint8Array>();
    blocks.set(ended.block, bytes);
    this.endedBlocks.set(ended.sectionKey, blocks);
  }

  /** Gives each loaded section the ended-bookings memory its latest blocks describe. */
  finishLoad(): void {
    for (const [key, blocks] of this.endedBlocks)
      this.sections.get(key)?.ended.restore(blocks.values());
    this.endedBlocks.clear();
  }

  processMessages(messages: readonly InputMessage[], now = new Date()): BatchOutput {
    // Sections changed by this batch: each is encoded once, at the end (a snapshot is the whole
    // section, so encoding per command would cost O(section size) per command).
    const dirty = new Set<string>();
    const touched = new Set<string>();
    const out: BatchOutput = {
      results: [],
      availability: [],
      changelog: new Map(),
      deadLetters: [],
      applied: 0,
    };
    for (const message of messages) {
      const decoded = decodeMessage(SeatCommand, message.value);
      if (!decoded.ok) {
        out.deadLetters.push({ message, reason: decoded.reason });
        continue;
      }
      const wire = decoded.value;
      const mapped = toDomainCommand(wire);
      if (!mapped.ok) {
        out.deadLetters.push({ message, reason: mapped.reason });
        continue;
      }
      const key = sectionKey(wire.eventId, wire.section);
      const { state, decision } = execute(this.sections.get(key), mapped.command);
      out.applied++;
      if (state) {
        this.sections.set(key, state);
        touched.add(key);
      }
      const outcome = decision.outcome;
      // A section we do not know is bad input for this processor (dead letter), and booking
      // still needs an answer (the rejection result), or the booking would wait forever.
      if (outcome.kind === 'ReservationRejected' && outcome.code === 'SECTION_UNKNOWN') {
        out.deadLetters.push({ message, reason: `unknown event section ${key}` });
      }
      if (outcome.kind === 'SectionRejected') {
        out.deadLetters.push({ message, reason: `${outcome.code}: ${outcome.message}` });
      }
      const seq = state ? sectionCounts(state).seq : 0;
      const result = toResult(outcome, wire, seq);
      if (result) out.results.push({ key: result.bookingId, value: encodeMessage(result) });
      if (decision.delta)
        out.availability.push({ key, value: encodeMessage(toAvailability(decision.delta, now)) });
      if (state && (decision.delta || outcome.kind === 'SectionInitialized')) dirty.add(key);
    }
    for (const key of touched) {
      const state = this.sections.get(key)!;
      if (dirty.has(key)) out.changelog.set(key, Buffer.from(encodeSection(state)));
      // Only the blocks that gained entries: a few KB a round, however long the memory.
      for (const block of state.ended.takeDirtyBlocks())
        out.changelog.set(endedBlockKey(key, block), Buffer.from(state.ended.encodeBlock(block)));
    }
    return out;
  }
}

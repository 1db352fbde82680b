/**
 * The CLI's error catalogue. Every failure a user can act on has a stable LOADTEST_ code; main.ts
 * prints `loadtest: <CODE>: <message>` and exits 2 (1 is kept for "measured, and it failed":
 * violations found, a replay that differs, an interrupted run).
 * The status is the exit code's meaning in HTTP terms, for symmetry with the apps' catalogues.
 */
import { defineError } from '@shared/util';

export const LoadtestErrors = {
  /** Options that contradict each other or name unknown things. Fix the command line. */
  usage: defineError('LOADTEST_USAGE', 400),
  /** The system under test answered, but not as the API says (a 5xx, an unknown event). */
  systemUnexpected: defineError('LOADTEST_SYSTEM_UNEXPECTED', 502, true),
  /** A recording file that is not what `record` writes. */
  recordingInvalid: defineError('LOADTEST_RECORDING_INVALID', 400),
  /** A seat node of the benchmark died or never joined its group: see its log file. */
  seatNodeFailed: defineError('LOADTEST_SEAT_NODE_FAILED', 500),
};

/**
 * Ctrl-C for long runs: the first SIGINT asks the run to stop (it finishes the requests in
 * flight, then reports what it measured); a second one quits at once.
 */
export interface StopSignal {
  readonly stopped: () => boolean;
  /** Stops the run from inside (a deadline, an error). */
  stop(): void;
  dispose(): void;
}

export function stopOnInterrupt(
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): StopSignal {
  let stopped = false;
  const onSignal = () => {
    if (stopped) {
      log('interrupted twice: quitting without a report');
      process.exit(130);
    }
    stopped = true;
    log('\nstopping: finishing requests in flight, then reporting (Ctrl-C again to quit now)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped: () => stopped,
    stop: () => {
      stopped = true;
    },
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

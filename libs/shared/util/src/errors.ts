/**
 * The base of every error catalogue: a stable SCREAMING_SNAKE code with a scope prefix,
 * a retriable flag for callers that loop, an HTTP status for the one error handler, and a cause.
 * Expected domain outcomes (a seat taken) are values, not these.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: {
      status?: number;
      retriable?: boolean;
      cause?: unknown;
      details?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }
  get status(): number {
    return this.options.status ?? 500;
  }
  get retriable(): boolean {
    return this.options.retriable ?? false;
  }
}

/** Defines a catalogue entry once; call it to get an error with that code. */
export function defineError(code: string, status: number, retriable = false) {
  return (message: string, extra: { cause?: unknown; details?: unknown } = {}) =>
    new AppError(code, message, { status, retriable, ...extra });
}

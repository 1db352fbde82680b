/** Option parsers shared by the commands: they reject bad values before anything runs. */
import { InvalidArgumentError } from 'commander';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

export function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('expected a share between 0 and 1');
  return n;
}

/** An ISO date-time or epoch milliseconds -> epoch ms. */
export function instant(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected an ISO date-time or epoch ms');
  return n;
}

export function offset(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected an offset (integer >= 0)');
  return BigInt(value);
}

export function partitionList(value: string): number[] {
  return value.split(',').map((p) => nonNegativeInt(p.trim()));
}

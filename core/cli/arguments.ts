import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number within [min, max]; anything else is a usage error (exit 2). */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

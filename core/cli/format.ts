/** Plain-text output helpers shared by the CLI commands: aligned tables, dates, one-line messages. */

/** Aligns rows under a header with two spaces between columns, so output reads well and splits on whitespace. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** ISO-8601 UTC, or `-` for "never"/unknown, so a column never goes empty. */
export function isoOrDash(value: Date | string | null | undefined): string {
  if (!value) return '-';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '-' : date.toISOString();
}

/** The first line of a message, trimmed and bounded: CLI errors are one line each. */
export function oneLine(text: string, max = 300): string {
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

export function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * CSV for audit exports (RFC 4180), safe to open in a spreadsheet and exact to read back:
 * - a cell that a spreadsheet would run as a formula (starting with = + - @ TAB or CR, after any
 *   apostrophes) gets one more leading apostrophe; reading removes exactly one, so the mapping is
 *   reversible and an offline verifier sees the stored value;
 * - null is an empty unquoted cell; every other value is quoted (so '' stays distinct from null).
 */
const FORMULA = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

export function unescapeFormula(value: string): string {
  return ESCAPED.test(value) ? value.slice(1) : value;
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  return `"${escapeFormula(String(value)).replace(/"/g, '""')}"`;
}

export function csvLine(values: ReadonlyArray<string | number | null>): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/**
 * A streaming CSV reader: feed chunks, get complete records (arrays of cells, null for an
 * unquoted empty cell, formula escapes removed). Memory is bounded by the longest record.
 */
export class CsvReader {
  private cell = '';
  private quoted = false;
  private inQuotes = false;
  private afterQuote = false;
  private record: Array<string | null> = [];
  private started = false;

  /** Returns the records completed by this chunk. */
  push(chunk: string): Array<Array<string | null>> {
    const done: Array<Array<string | null>> = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.inQuotes) {
        if (ch === '"') { this.inQuotes = false; this.afterQuote = true; } else this.cell += ch;
        continue;
      }
      if (this.afterQuote && ch === '"') { this.cell += '"'; this.inQuotes = true; this.afterQuote = false; continue; }
      this.afterQuote = false;
      if (ch === '"' && this.cell === '' && !this.quoted) { this.inQuotes = true; this.quoted = true; this.started = true; continue; }
      if (ch === ',') { this.endCell(); this.started = true; continue; }
      if (ch === '\n') { if (this.started || this.cell !== '' || this.record.length > 0) done.push(this.endRecord()); continue; }
      if (ch === '\r') continue;
      this.cell += ch;
      this.started = true;
    }
    return done;
  }

  /** The last record when the input did not end with a newline. */
  end(): Array<Array<string | null>> {
    if (this.inQuotes) throw new Error('the CSV ends inside a quoted cell');
    return this.started || this.cell !== '' || this.record.length > 0 ? [this.endRecord()] : [];
  }

  private endCell(): void {
    this.record.push(this.quoted ? unescapeFormula(this.cell) : this.cell === '' ? null : unescapeFormula(this.cell));
    this.cell = '';
    this.quoted = false;
  }

  private endRecord(): Array<string | null> {
    this.endCell();
    const record = this.record;
    this.record = [];
    this.started = false;
    return record;
  }
}

/** Small converters for raw rows: JSON columns come back parsed on MariaDB and as text on SQLite. */
export function jsonArray<T = string>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'string' && value.length > 0) {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  }
  return [];
}

export function jsonArrayOrNull<T = string>(value: unknown): T[] | null {
  return value === null || value === undefined ? null : jsonArray<T>(value);
}

export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

export function boolOrNull(value: unknown): boolean | null {
  return value === null || value === undefined ? null : bool(value);
}

/** DATEONLY as YYYY-MM-DD whatever the driver returned (string or Date). */
export function dateOnly(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

export function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

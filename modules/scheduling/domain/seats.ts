import { SHIFT_POSITIONS, type ShiftPosition } from '../models/assignment.model';

/** One seat of a shift; `required` seats are the ones coverage counts. */
export interface Seat {
  position: ShiftPosition;
  required: boolean;
}

/** What clients send as a seat list: position names, or `{position, required}` entries. */
export type SeatInput = Array<string | { position: string; required?: boolean }>;

export function isShiftPosition(value: string): value is ShiftPosition {
  return (SHIFT_POSITIONS as readonly string[]).includes(value);
}

/** Normalizes a seat list; returns the indexes of unknown positions as problems. */
export function parseSeats(input: SeatInput): { seats: Seat[]; unknown: string[] } {
  const seats: Seat[] = [];
  const unknown: string[] = [];
  for (const entry of input) {
    const position = (typeof entry === 'string' ? entry : entry.position).trim().toLowerCase();
    const required = typeof entry === 'string' ? true : entry.required !== false;
    if (isShiftPosition(position)) seats.push({ position, required });
    else unknown.push(position);
  }
  return { seats, unknown };
}

export function readSeats(stored: string | null): Seat[] {
  if (!stored) return [];
  try {
    const value = JSON.parse(stored) as unknown;
    return Array.isArray(value) ? parseSeats(value as SeatInput).seats : [];
  } catch {
    return [];
  }
}

/** How many seats of each position a seat list has. */
export function seatCounts(seats: readonly Seat[]): Map<ShiftPosition, number> {
  const counts = new Map<ShiftPosition, number>();
  for (const s of seats) counts.set(s.position, (counts.get(s.position) ?? 0) + 1);
  return counts;
}

export function seatKey(shiftId: string, position: string, index: number): string {
  return `${shiftId}:${position}:${index}`;
}

export function memberKey(shiftId: string, userId: string): string {
  return `${shiftId}:${userId}`;
}

const LABELS: Record<ShiftPosition, string> = {
  officer: 'officer', driver: 'driver', firefighter: 'firefighter', ems: 'EMS', captain: 'captain',
  lieutenant: 'lieutenant', probationary: 'probationary', volunteer: 'volunteer', other: 'other',
};

export function positionLabel(position: string): string {
  return isShiftPosition(position) ? LABELS[position] : position;
}

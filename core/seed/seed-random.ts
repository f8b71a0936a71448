/**
 * A small deterministic PRNG (mulberry32 over an FNV-1a hash of a label), so the demo department
 * comes out the same on every machine and every run: idempotency compares against what the seed
 * would create, and a reproducible dataset makes screenshots and bug reports comparable.
 * Not for anything secret: passwords and tokens use node:crypto.
 */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class SeedRandom {
  private state: number;

  constructor(private readonly label: string) {
    this.state = fnv1a(label) || 1;
  }

  /** An independent stream for a part of the data, so adding data elsewhere does not shift this part. */
  fork(label: string): SeedRandom {
    return new SeedRandom(`${this.label}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('SeedRandom.pick: empty list');
    return list[Math.floor(this.next() * list.length)];
  }

  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

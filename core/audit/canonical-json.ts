/**
 * Canonical JSON: object keys sorted (UTF-16 order), no whitespace, numbers and strings as
 * JSON.stringify writes them. Two structurally equal values always give the same text, whatever
 * the key order or formatting a database hands back (MySQL 8's JSON type reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        const v = obj[key];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Replaces lone UTF-16 surrogates (which utf8mb4 cannot store) so what is hashed is what is stored. */
export function wellFormed(text: string): string {
  // String.prototype.toWellFormed is ES2024; Buffer's UTF-8 round trip does the same replacement.
  return /[\uD800-\uDFFF]/.test(text) ? Buffer.from(text, 'utf8').toString('utf8') : text;
}

/** A plain JSON value with every string and key well-formed, or a TypeError for what JSON cannot carry. */
export function toJsonValue(value: unknown): unknown {
  // JSON round trip first: applies toJSON (dates), drops undefined and functions, rejects BigInt and cycles.
  const text = JSON.stringify(value ?? null);
  const plain = JSON.parse(text) as unknown;
  // JSON.stringify writes a lone surrogate as a \uD8xx-\uDFxx escape: none there, nothing to fix.
  if (!/\\u[dD][89a-fA-F]/.test(text)) return plain;
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') return wellFormed(v);
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) {
        // defineProperty, not assignment: a "__proto__" key must stay data, not become a prototype.
        Object.defineProperty(out, wellFormed(k), { value: fix(inner), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  return fix(plain);
}

import { ValidationError } from '../../http/errors';
import { isCommonPassword } from './common-passwords';

export interface PasswordLengths {
  minLength: number;
  maxLength: number;
}

/** Who the password belongs to: it must not contain any of these (ASVS 6.2.11, context-specific words). */
export interface PasswordContext {
  username?: string | null;
  email?: string | null;
  organizationName?: string | null;
  organizationSlug?: string | null;
}

/** Words too common in department names to refuse on their own ("Springfield" is refused, "fire" is not). */
const GENERIC_WORDS = new Set(['department', 'volunteer', 'company', 'district', 'rescue', 'station', 'county', 'township', 'engine', 'services', 'service', 'protection', 'authority', 'ambulance', 'emergency', 'medical', 'association', 'the']);

function contextWords(context: PasswordContext): string[] {
  const words: string[] = [];
  const add = (w: string | null | undefined) => { if (w && w.trim().length >= 3) words.push(w.trim().toLowerCase()); };
  add(context.username);
  add(context.email?.split('@')[0]);
  add(context.organizationSlug);
  if (context.organizationName) {
    const name = context.organizationName.toLowerCase();
    add(name);
    add(name.replace(/[^\p{L}\p{N}]+/gu, ''));
    for (const word of name.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 5 && !GENERIC_WORDS.has(word)) add(word);
  }
  return words;
}

/**
 * NIST SP 800-63B-4 / ASVS 6.2: a length range counted in characters (code points, so an emoji is
 * one), no composition rules, and refusal of common passwords and of passwords containing the
 * member's username, email local part or organization name. The password is never altered.
 */
export class PasswordPolicy {
  constructor(private readonly lengths: PasswordLengths) {}

  get minLength(): number { return this.lengths.minLength; }
  get maxLength(): number { return this.lengths.maxLength; }

  /** Human-readable reasons the password is refused; empty when it is acceptable. */
  problems(password: string, context: PasswordContext = {}): string[] {
    const length = [...password].length;
    if (length < this.lengths.minLength) return [`must be at least ${this.lengths.minLength} characters`];
    if (length > this.lengths.maxLength) return [`must be at most ${this.lengths.maxLength} characters`];
    const problems: string[] = [];
    if (isCommonPassword(password)) problems.push('is too common; choose a less predictable password (a few unrelated words work well)');
    const lower = password.toLowerCase();
    if (contextWords(context).some((w) => lower.includes(w))) problems.push('must not contain your username, email name or the department name');
    return problems;
  }

  /** Throws 422 `{field, message}` entries for `field` when the password is refused. */
  assertAcceptable(password: string, context: PasswordContext = {}, field = 'new_password'): void {
    const problems = this.problems(password, context);
    if (problems.length > 0) throw new ValidationError(problems.map((message) => ({ field, message: `Password ${message}` })));
  }
}

import fs from 'node:fs';
import path from 'node:path';

let loaded: ReadonlySet<string> | null = null;

/** The bundled list of common passwords (see wordlists/README.md), loaded once on first use. */
export function commonPasswords(): ReadonlySet<string> {
  if (!loaded) {
    const file = path.join(__dirname, '..', 'wordlists', 'common-passwords.txt');
    loaded = new Set(fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0));
  }
  return loaded;
}

/** Whether `password` is on the list; compared lower-cased, as the list is, so "Password123!" is caught too. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * Where things are, whether we run from TypeScript sources (ts-node, tests) or from compiled
 * JavaScript under dist/ (production). Everything that globs for modules or migrations asks here.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + start);
    dir = parent;
  }
}

/** The folder holding core/, modules/ and migrations/: the repository root, or dist/ when compiled. */
export const sourceRoot = path.resolve(__dirname, '..', '..');
/** The repository (or installed package) root: where package.json, data/ and .env live. */
export const projectRoot = findProjectRoot(sourceRoot);
/** `.ts` under ts-node, `.js` once compiled. */
export const codeExtension = path.extname(__filename) === '.ts' ? '.ts' : '.js';
export const isCompiled = codeExtension === '.js';

export function readPackageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

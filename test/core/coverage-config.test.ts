import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..');

function typesFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'generated' && entry.name !== 'node_modules') out.push(...typesFiles(rel));
    else if (entry.isFile() && entry.name.endsWith('.types.ts')) out.push(rel);
  }
  return out;
}

describe('coverage configuration (.c8rc.json)', () => {
  it('when *.types.ts files are left out of coverage, then every one left out holds types only (no runtime code hides there)', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.c8rc.json'), 'utf8')) as { exclude: string[] };
    expect(config.exclude).to.include('**/*.types.ts');
    const reincluded = new Set(config.exclude.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
    const files = ['core', 'modules'].filter((d) => fs.existsSync(path.join(ROOT, d))).flatMap(typesFiles);
    expect(files.length).to.be.greaterThan(5);
    const runtime = /^\s*export\s+(?:const|let|var|function|async|class|enum|default)\b|^\s*(?:const|let|var|function|class)\s/m;
    const hiding = files.filter((f) => !reincluded.has(f.split(path.sep).join('/')) && runtime.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(hiding, 'move the runtime code out, or re-include the file with "!path" in .c8rc.json').to.deep.equal([]);
  });
});

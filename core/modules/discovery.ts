import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { InstalledModule, ModuleManifest } from './manifest';
import { codeExtension, isCompiled, projectRoot, sourceRoot } from '../kernel/paths';

const KEY = /^[a-z][a-z0-9_]{1,40}$/;

/** A module folder given relative to the repository maps into dist/ when we run compiled. */
function runtimeDir(dir: string): string {
  if (!isCompiled) return dir;
  const rel = path.relative(projectRoot, dir);
  if (rel.startsWith('..') || path.resolve(dir).startsWith(sourceRoot + path.sep)) return dir;
  return path.join(sourceRoot, rel);
}

function loadManifest(file: string): ModuleManifest {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(file) as { default?: ModuleManifest; manifest?: ModuleManifest };
  const manifest = exported.default ?? exported.manifest;
  if (!manifest || typeof manifest.key !== 'string') throw new Error(`${file} exports no module manifest (export default defineModule({...}))`);
  return manifest;
}

function validate(manifest: ModuleManifest, folderName: string, file: string): void {
  if (!KEY.test(manifest.key)) throw new Error(`${file}: module key "${manifest.key}" must be lower-case letters, digits or _`);
  if (manifest.key !== folderName) throw new Error(`${file}: module key "${manifest.key}" must match its folder "${folderName}"`);
  for (const p of manifest.permissions) {
    if (!p.name.startsWith(`${manifest.key}.`)) throw new Error(`${file}: permission "${p.name}" must start with "${manifest.key}."`);
  }
}

/** Orders modules so each comes after what it depends on; a missing or circular dependency stops the boot. */
export function orderByDependencies(modules: InstalledModule[]): InstalledModule[] {
  const byKey = new Map(modules.map((m) => [m.manifest.key, m]));
  const ordered: InstalledModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: InstalledModule, chain: string[]): void => {
    const key = m.manifest.key;
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new Error(`modules depend on each other in a circle: ${[...chain, key].join(' -> ')}`);
    state.set(key, 'visiting');
    for (const dep of m.manifest.dependsOn ?? []) {
      const target = byKey.get(dep);
      if (!target) throw new Error(`module "${key}" depends on "${dep}", which is not installed`);
      visit(target, [...chain, key]);
    }
    state.set(key, 'done');
    ordered.push(m);
  };
  for (const m of [...modules].sort((a, b) => a.manifest.key.localeCompare(b.manifest.key))) visit(m, []);
  return ordered;
}

/**
 * Finds every `modules/<key>/<key>.module.(ts|js)` (and the same under MODULE_DIRS), keeps those
 * MODULES lists (all when unset), and returns them in dependency order.
 */
export function discoverModules(config: Pick<Config, 'modules' | 'moduleDirs'>): InstalledModule[] {
  const roots = [path.join(sourceRoot, 'modules'), ...config.moduleDirs.map(runtimeDir)];
  const found: InstalledModule[] = [];
  const folders: string[] = [];
  const wanted = config.modules ? new Set(config.modules) : null;
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(root, entry.name);
      const file = path.join(dir, `${entry.name}.module${codeExtension}`);
      if (!fs.existsSync(file)) continue;
      folders.push(entry.name);
      // A module left out of MODULES is not even required: its code never runs.
      if (wanted && !wanted.has(entry.name)) continue;
      const manifest = loadManifest(file);
      validate(manifest, entry.name, file);
      if (found.some((m) => m.manifest.key === manifest.key)) throw new Error(`module "${manifest.key}" is installed twice`);
      found.push({ manifest, dir, migrationsDir: path.join(dir, 'migrations'), openapiFile: path.join(dir, 'generated', 'openapi.json') });
    }
  }
  for (const key of wanted ?? []) {
    if (!folders.includes(key)) throw new Error(`MODULES lists "${key}", but no such module is installed (found: ${folders.join(', ') || 'none'})`);
  }
  return orderByDependencies(found);
}

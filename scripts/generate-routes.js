#!/usr/bin/env node
'use strict';
/**
 * Generates the tsoa routes and OpenAPI document of the core and of every module (one routes file
 * per module, so the kernel can mount each behind its gate). Settings shared by all come from
 * tsoa.json; each module's output lands in its own `generated/` folder. A target whose generated
 * files are newer than every TypeScript source it could depend on is skipped (use --force).
 */
const fs = require('node:fs');
const path = require('node:path');
const { generateSpecAndRoutes } = require('@tsoa/cli');

const root = path.resolve(__dirname, '..');
const base = JSON.parse(fs.readFileSync(path.join(root, 'tsoa.json'), 'utf8'));
const force = process.argv.includes('--force');

function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'generated' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return Math.max(newest, fs.statSync(path.join(root, 'tsoa.json')).mtimeMs);
}

function upToDate(outDir, dependsOn) {
  const files = ['routes.ts', 'openapi.json'].map((f) => path.join(outDir, f));
  if (!files.every((f) => fs.existsSync(f))) return false;
  const oldestOutput = Math.min(...files.map((f) => fs.statSync(f).mtimeMs));
  return oldestOutput > newestSource(dependsOn);
}

function moduleTargets(parent) {
  const dir = path.join(root, parent);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, `${e.name}.module.ts`)))
    .map((e) => path.join(parent, e.name))
    .filter((rel) => hasControllers(path.join(root, rel)));
}

function hasControllers(dir) {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'generated') continue;
      if (entry.isDirectory()) stack.push(path.join(d, entry.name));
      else if (entry.name.endsWith('.controller.ts')) return true;
    }
  }
  return false;
}

function configFor(rel) {
  const key = path.basename(rel);
  const out = `${rel}/generated`;
  return {
    ...base,
    entryFile: `${rel}/${key}.module.ts`,
    controllerPathGlobs: [`${rel}/**/*.controller.ts`],
    spec: { ...base.spec, outputDirectory: out, name: `${base.spec.name}: ${key}` },
    routes: { ...base.routes, routesDir: out },
  };
}

async function main() {
  process.chdir(root);
  const targets = [{ name: 'core', config: base, out: base.routes.routesDir, deps: ['core'] }];
  for (const rel of [...moduleTargets('modules'), ...moduleTargets('test/fixtures/modules')]) {
    targets.push({ name: rel, config: configFor(rel), out: `${rel}/generated`, deps: ['core', rel] });
  }
  for (const t of targets) {
    if (!force && upToDate(path.join(root, t.out), t.deps.map((d) => path.join(root, d)))) continue;
    const started = Date.now();
    await generateSpecAndRoutes({ configuration: t.config });
    console.log(`tsoa: ${t.name} (${Date.now() - started} ms)`);
  }
}

main().catch((err) => {
  console.error(`tsoa generation failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});

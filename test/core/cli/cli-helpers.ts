import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../support/processes';

export type CliResult = Awaited<ReturnType<typeof runCli>>;

/** Environment for a CLI run on the embedded profile: SQLite in a temp data dir, in-process cache. */
export function sqliteEnv(dataDir: string): Record<string, string> {
  return { DB_HOST: '', REDIS_HOST: '', DATA_DIR: dataDir };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `logbook-${prefix}-`));
}

/** Parses a `--json` answer; a failure shows what the CLI actually printed. */
export function json<T>(result: CliResult): T {
  expect(result.code, `exit code; stderr: ${result.stderr}`).to.equal(0);
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`CLI did not print JSON:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Asserts a failure: its exit code, exactly one line on stderr, no stack trace. */
export function expectOneLineError(result: CliResult, exitCode: number, pattern: RegExp): void {
  expect(result.code, `exit code; stdout: ${result.stdout}; stderr: ${result.stderr}`).to.equal(exitCode);
  const lines = result.stderr.split('\n').filter((l) => l.trim().length > 0);
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
  expect(result.stderr + result.stdout).not.to.match(/\n\s+at /);
}

/** Runs CLI invocations two at a time: this machine has two cores, and each run is a ts-node start. */
export async function runCliPairwise(runs: Array<[string[], Record<string, string | undefined>?]>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    results.push(...await Promise.all(runs.slice(i, i + 2).map(([args, env]) => runCli(args, env ?? {}))));
  }
  return results;
}

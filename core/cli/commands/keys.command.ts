import { SingleBar } from 'cli-progress';
import { CliError, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import { wholeNumber } from '../arguments';
import { AUDIT_RECORDER } from '../../audit/audit.types';
import { EncryptionError } from '../../encryption/encryption.errors';
import { KeyStatusService, type KeyStatus } from '../../encryption/key-status.service';
import { DEFAULT_ROTATION_BATCH, KeyRotationService, MAX_ROTATION_BATCH, type RotationProgress, type RotationSummary } from '../../encryption/key-rotation.service';

/** Exit code of a rotation stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/** Encryption errors carry no data in their messages, so they can be shown as they are. */
async function reported<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof EncryptionError) throw new CliError(`error: ${err.message}`, 1);
    throw err;
  }
}

function printStatus(io: CliIo, status: KeyStatus): void {
  io.out(`current key: ${status.currentKid}${status.legacyKids.length ? `; legacy keys: ${status.legacyKids.join(', ')}` : ''}`);
  if (status.columns.length === 0) { io.out('no encrypted columns'); return; }
  const rows: string[][] = [];
  for (const c of status.columns) {
    const name = `${c.table}.${c.column}`;
    if (c.total === 0) rows.push([name, '-', '-', '0']);
    for (const k of c.byKid) rows.push([name, k.kid, k.role, String(k.count)]);
    if (c.invalid > 0) rows.push([name, '-', 'not encrypted/invalid', String(c.invalid)]);
  }
  const header = ['column', 'key', 'role', 'values'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) io.out(r.map((cell, i) => (i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
}

function printRotation(io: CliIo, s: RotationSummary): void {
  const from = s.fromKids.length ? s.fromKids.join(', ') : '-';
  if (s.rows === 0 && s.failureCount === 0) {
    io.out(s.dryRun ? `dry run: nothing to re-encrypt; every value is on key ${s.toKid}` : `nothing to rotate: every encrypted value is on key ${s.toKid}`);
  } else {
    io.out(s.dryRun
      ? `dry run: ${s.rows} row(s), ${s.values} value(s) would be re-encrypted from key(s) ${from} to ${s.toKid}`
      : `re-encrypted ${s.rows} row(s), ${s.values} value(s) from key(s) ${from} to ${s.toKid}`);
    for (const t of s.tables) for (const [column, n] of Object.entries(t.columns)) if (n > 0) io.out(`  ${t.table}.${column}  ${n}`);
  }
  if (s.failureCount > 0) {
    io.out(`${s.failureCount} value(s) could not be decrypted and were left unchanged:`);
    for (const f of s.failures) io.out(`  ${f.table}.${f.column} row ${f.rowId}: ${f.reason}`);
    if (s.failureCount > s.failures.length) io.out(`  ... and ${s.failureCount - s.failures.length} more`);
  }
}

/** A progress bar per table on stderr (drawn only on a terminal, so pipes and logs stay clean). */
function progressBar(): { update(p: RotationProgress): void; stop(): void } {
  const bar = new SingleBar({ stream: process.stderr, format: 'rotating {table} [{bar}] {value}/{total} rows  eta {eta_formatted}', hideCursor: true, clearOnComplete: false });
  let table: string | null = null;
  return {
    update(p) {
      if (p.table !== table) {
        if (table !== null) bar.stop();
        table = p.table;
        bar.start(p.total, p.done, { table: p.table });
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, { table: p.table });
      }
    },
    stop() { if (table !== null) bar.stop(); },
  };
}

/** `logbook keys status` and `logbook keys rotate`: the field-encryption key lifecycle. */
export const registerKeysCommands: RegisterCommands = (program, io) => {
  const keys = program.command('keys').description('field-encryption keys: which key wrote what, and rotation');

  keys
    .command('status')
    .description('per encrypted column, how many values each key id wrote')
    .option('--table <name...>', 'only these tables')
    .option('--json', 'print JSON')
    .action((opts: { table?: string[]; json?: boolean }) => reported(() => withKernel(async (kernel) => {
      const status = await kernel.container.get(KeyStatusService).status({ tables: opts.table });
      if (opts.json) io.out(JSON.stringify(status, null, 2));
      else printStatus(io, status);
    })));

  keys
    .command('rotate')
    .description('re-encrypt every value written with a legacy key under the current ENCRYPTION_KEY (resumable; Ctrl-C stops after the current batch)')
    .option('--batch <n>', `rows per transaction (1-${MAX_ROTATION_BATCH})`, wholeNumber(1, MAX_ROTATION_BATCH), DEFAULT_ROTATION_BATCH)
    .option('--dry-run', 'count what would be re-encrypted; change nothing')
    .option('--table <name...>', 'only these tables')
    .option('--json', 'print the summary as JSON')
    .action((opts: { batch: number; dryRun?: boolean; table?: string[]; json?: boolean }) => reported(() => withKernel(async (kernel) => {
      const controller = new AbortController();
      const onSigint = () => {
        io.err('stopping after the current batch (run the command again to continue)...');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      const bar = opts.dryRun ? null : progressBar();
      let summary: RotationSummary;
      try {
        summary = await kernel.container.get(KeyRotationService).rotate({
          batchSize: opts.batch, dryRun: opts.dryRun, tables: opts.table, signal: controller.signal, onProgress: (p) => bar?.update(p),
        });
      } finally {
        bar?.stop();
        process.removeListener('SIGINT', onSigint);
      }
      if (opts.json) io.out(JSON.stringify(summary, null, 2));
      else printRotation(io, summary);
      const changed = summary.rows > 0 || summary.failureCount > 0;
      if (!summary.dryRun && changed && !summary.audited && kernel.container.isBound(AUDIT_RECORDER)) io.err('warning: the rotation could not be written to the audit log');
      if (summary.interrupted) throw new CliError('interrupted: run `logbook keys rotate` again to continue where it stopped', EXIT_INTERRUPTED);
      if (summary.failureCount > 0) throw new CliError(`error: ${summary.failureCount} value(s) could not be re-encrypted (see above)`, 1);
    })));
};

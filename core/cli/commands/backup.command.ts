import path from 'node:path';
import { CliError, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import type { Kernel } from '../../kernel/kernel';
import { EXIT, toCliError } from '../cli-errors';
import { AuditService } from '../../audit/audit.service';
import { BackupFormatError } from '../../backup/backup-cipher';
import { RestoreRefused, restoreBackup, writeBackup } from '../../backup/backup.service';
import { EXIT_NOT_INTACT } from './audit.command';

/** Refusals and damaged files keep their whole message (a rollback refusal lists each chain); anything else is one line. */
async function explained(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof RestoreRefused || err instanceof BackupFormatError) throw new CliError(`error: ${err.message}`, EXIT.failure);
    throw toCliError(err);
  }
}

async function record(io: CliIo, kernel: Kernel, eventType: string, ok: boolean, data: Record<string, unknown>): Promise<void> {
  const audit = kernel.container.get(AuditService);
  try {
    await audit.recordStandalone({ eventType, eventCategory: 'system', severity: ok ? 'warning' : 'critical', outcome: ok ? 'success' : 'failure', organizationId: null, eventData: data });
    await audit.drain();
  } catch {
    io.err('warning: this run could not be written to the audit log');
  }
}

/** `logbook backup --out FILE` and `logbook restore FILE`. */
export const registerBackupCommands: RegisterCommands = (program, io) => {
  program
    .command('backup')
    .description('write a consistent, compressed, encrypted copy of the whole database (BACKUP_KEY, else keyed from ENCRYPTION_KEY)')
    .requiredOption('--out <file>', 'where to write it (mode 0600; an existing file is replaced only when the backup is complete)')
    .action((opts: { out: string }) => explained(() => withKernel(async (kernel) => {
      const file = path.resolve(opts.out);
      // Recorded before the snapshot, so the backup holds its own record and a restore reproduces the source exactly.
      await record(io, kernel, 'system.backup_created', true, { file: path.basename(file) });
      try {
        const summary = await writeBackup(kernel, file);
        io.out(`backup written: ${summary.file} (${summary.tables} tables, ${summary.rows} rows, ${summary.auditHeads.length} audit chains)`);
      } catch (err) {
        await record(io, kernel, 'system.backup_failed', false, { file: path.basename(file) });
        throw err;
      }
    })));

  program
    .command('restore <file>')
    .description('restore a backup into an empty database, then verify the audit log')
    .option('--allow-rollback', 'restore even when the audit log outside the database shows newer entries than the backup holds')
    .addHelpText('after', `\nExit codes: 0 restored and the audit log verifies, ${EXIT_NOT_INTACT} restored but audit verify found problems, 1 refused or failed.`)
    .action((file: string, opts: { allowRollback?: boolean }) => explained(() => withKernel(async (kernel) => {
      const summary = await restoreBackup(kernel, path.resolve(file), { allowRollback: opts.allowRollback });
      io.out(`restored: ${summary.tables} tables, ${summary.rows} rows`);
      for (const line of summary.rolledBack) io.out(`rolled back (allowed): ${line}`);
      await record(io, kernel, 'system.restored', summary.verify.intact, { file: path.basename(file), rows: summary.rows, rolled_back: summary.rolledBack.length });
      const v = summary.verify;
      if (v.intact) { io.out(`audit log intact: ${v.total_checked} entries in ${v.chains.length} chain(s)`); return; }
      for (const p of v.problems.slice(0, 20)) io.out(`audit problem: ${p.chain_id} seq ${p.seq}: ${p.kind}: ${p.detail}`);
      throw new CliError(`restored, but the audit log is NOT INTACT: ${v.problem_count} problem(s)`, EXIT_NOT_INTACT);
    })));
};

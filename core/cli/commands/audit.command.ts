import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { CliError, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import type { Kernel } from '../../kernel/kernel';
import { toCliError } from '../cli-errors';
import { Organization } from '../../identity/models/organization.model';
import { AuditService } from '../../audit/audit.service';
import { AuditExporter } from '../../audit/audit-exporter';
import { ExportFormatError, ExportVerifier } from '../../audit/export-verifier';
import { sidecarPath, type ExportFormat } from '../../audit/export-format';
import { chainIdFor, INSTALLATION_CHAIN_ID } from '../../audit/audit-entry';
import { parseIsoArgument } from '../../audit/audit-time';
import type { AuditProblem, VerifyReport } from '../../audit/verify.types';

/** Exit code when verification ran and found the log not intact (1 = could not run, 2 = usage). */
export const EXIT_NOT_INTACT = 3;

function seqArgument(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a whole number from 1');
  return Number(value);
}

function isoArgument(value: string): string {
  try { return parseIsoArgument(value); } catch { throw new InvalidArgumentError('expected an ISO-8601 date or time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z'); }
}

function formatArgument(value: string): ExportFormat {
  if (value !== 'jsonl' && value !== 'csv') throw new InvalidArgumentError('expected jsonl or csv');
  return value;
}

/** Every failure leaves as one line: no stack, no SQL. */
async function oneLine(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    throw toCliError(err);
  }
}

async function organizationBySlug(slug: string): Promise<Organization> {
  const org = await Organization.findOne({ where: { slug } });
  if (!org) throw new CliError(`error: no organization with slug "${slug}"`, 1);
  return org;
}

function progressBar(label: string): { total(n: number): void; add(n: number): void; stop(): void } {
  // cli-progress draws only on a terminal, so pipes and logs stay clean.
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} entries  {eta_formatted}`, hideCursor: true, etaBuffer: 50 });
  let started = false;
  return {
    total(n) { bar.start(n, 0); started = true; },
    add(n) { if (started) bar.increment(n); },
    stop() { if (started) bar.stop(); },
  };
}

function problemLine(p: AuditProblem, labels: Map<string, string>): string {
  const seq = p.to_seq !== undefined ? `seq ${p.seq}..${p.to_seq}` : `seq ${p.seq}`;
  return `  ${labels.get(p.chain_id) ?? p.chain_id}  ${seq}  ${p.kind}: ${p.detail}`;
}

function printReport(io: CliIo, report: VerifyReport, what: string): void {
  const labels = new Map(report.chains.map((c) => [c.chain_id, c.label]));
  io.out(report.intact
    ? `${what}: intact (${report.total_checked} entries in ${report.chains.length} chain(s), ${report.duration_ms} ms)`
    : `${what}: NOT INTACT, ${report.problem_count} problem(s) in ${report.total_checked} entries`);
  for (const c of report.chains) {
    const range = c.first_seq === null ? 'no entries' : `seq ${c.first_seq}..${c.last_seq}`;
    io.out(`  ${c.label}  ${c.checked} entries, ${range}, ${c.checkpoints_checked} checkpoint(s) checked, ${c.problem_count} problem(s)`);
  }
  if (report.problems.length > 0) {
    io.out('problems:');
    for (const p of report.problems) io.out(problemLine(p, labels));
    if (report.problems_omitted > 0) io.out(`  ... and ${report.problems_omitted} more`);
  }
  for (const w of report.warnings) io.err(`warning: ${w}`);
}

/** The verification itself goes into the log (the original logged every run). A failure to record is only a warning. */
async function recordRun(io: CliIo, audit: AuditService, eventType: string, organizationId: string | null, data: Record<string, unknown>, ok: boolean): Promise<void> {
  try {
    await audit.recordStandalone({ eventType, eventCategory: 'audit', severity: ok ? 'info' : 'critical', outcome: ok ? 'success' : 'failure', organizationId, eventData: data });
    await audit.drain();
  } catch {
    io.err(`warning: this run could not be written to the audit log`);
  }
}

/** `logbook audit verify|export|verify-export|public-key|checkpoint`. */
export const registerAuditCommands: RegisterCommands = (program, io) => {
  const audit = program
    .command('audit')
    .description('verify, checkpoint and export the tamper-evident audit log')
    .addHelpText('after', `\nExit codes: 0 ok (verify: intact), ${EXIT_NOT_INTACT} verification found problems, 1 failure, 2 usage error.`);

  audit
    .command('verify')
    .description('check every chain (or one organization\'s) against its hashes, links and signed checkpoints')
    .option('--org <slug>', 'only this organization\'s chain')
    .option('--installation', 'only the installation-level chain')
    .option('--from <seq>', 'first seq to check', seqArgument)
    .option('--to <seq>', 'last seq to check', seqArgument)
    .option('--json', 'print the report as JSON')
    .action((opts: { org?: string; installation?: boolean; from?: number; to?: number; json?: boolean }) => oneLine(() => withKernel(async (kernel: Kernel) => {
      if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) throw new CliError('error: --from must not be after --to', 2);
      const service = kernel.container.get(AuditService);
      const org = opts.org ? await organizationBySlug(opts.org) : null;
      const chainIds = org ? [chainIdFor(org.id)] : opts.installation ? [INSTALLATION_CHAIN_ID] : undefined;
      const bar = progressBar('verifying');
      let report: VerifyReport;
      try {
        report = await service.verify({ chainIds, fromSeq: opts.from, toSeq: opts.to, onTotal: (n) => bar.total(n), onProgress: (n) => bar.add(n) });
      } finally {
        bar.stop();
      }
      if (opts.json) io.out(JSON.stringify(report, null, 2)); else printReport(io, report, 'audit log');
      await recordRun(io, service, 'audit.verified', org?.id ?? null,
        { chains: report.chains.length, entries: report.total_checked, problems: report.problem_count, from_seq: opts.from ?? null, to_seq: opts.to ?? null }, report.intact);
      if (!report.intact) throw new CliError(`audit log NOT INTACT: ${report.problem_count} problem(s)`, EXIT_NOT_INTACT);
    })));

  audit
    .command('export')
    .description('export entries with from <= timestamp < to, widened to whole checkpoint segments, with the checkpoints that cover them')
    .requiredOption('--from <iso>', 'start (inclusive), ISO-8601 UTC', isoArgument)
    .requiredOption('--to <iso>', 'end (exclusive), ISO-8601 UTC', isoArgument)
    .requiredOption('--format <format>', 'jsonl or csv', formatArgument)
    .option('--org <slug>', 'only this organization\'s chain')
    .option('--installation', 'only the installation-level chain')
    .option('--out <file>', 'write here (required for csv; its checkpoints go to <file>.checkpoints.jsonl)')
    .action((opts: { from: string; to: string; format: ExportFormat; org?: string; installation?: boolean; out?: string }) => oneLine(() => withKernel(async (kernel: Kernel) => {
      if (opts.from >= opts.to) throw new CliError('error: --from must be before --to', 2);
      if (opts.format === 'csv' && !opts.out) throw new CliError('error: a CSV export needs --out FILE (its checkpoints are written beside it)', 2);
      const service = kernel.container.get(AuditService);
      const org = opts.org ? await organizationBySlug(opts.org) : null;
      const chainIds = org ? [chainIdFor(org.id)] : opts.installation ? [INSTALLATION_CHAIN_ID] : undefined;
      const labels = new Map((await Organization.findAll({ attributes: ['id', 'slug'] })).map((o) => [o.id, o.slug]));
      const main = opts.out ? fs.createWriteStream(opts.out, { mode: 0o600 }) : process.stdout;
      const sidecar = opts.format === 'csv' && opts.out ? fs.createWriteStream(sidecarPath(opts.out), { mode: 0o600 }) : undefined;
      const summary = await new AuditExporter(kernel.config, kernel.db, service)
        .export({ from: opts.from, to: opts.to, chainIds, format: opts.format, labels }, { main, sidecar, mainFileName: opts.out });
      const close = (s: fs.WriteStream | undefined) => (s ? new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve()))) : Promise.resolve());
      if (main !== process.stdout) await close(main as fs.WriteStream);
      await close(sidecar);
      const say = opts.out ? io.out : io.err;
      say(`exported ${summary.entries} entries and ${summary.checkpoints} checkpoint(s) from ${summary.chains.length} chain(s)${opts.out ? ` to ${opts.out}` : ''}`);
      if (sidecar) say(`checkpoints: ${sidecarPath(opts.out!)}`);
      for (const w of summary.warnings) io.err(`warning: ${w}`);
      await recordRun(io, service, 'audit.exported', org?.id ?? null,
        { format: opts.format, from: opts.from, to: opts.to, chains: summary.chains.length, entries: summary.entries }, summary.warnings.length === 0);
    })));

  audit
    .command('verify-export')
    .description('verify an export offline, with the checkpoint public key only (no database)')
    .argument('<file>', 'the .jsonl export, or the .csv export (with its .checkpoints.jsonl beside it)')
    .option('--public-key <pem-file>', 'the installation\'s checkpoint public key (from `logbook audit public-key`)')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { publicKey?: string; json?: boolean }) => oneLine(async () => {
      if (!fs.existsSync(file)) throw new CliError(`error: no such file: ${file}`, 1);
      let publicKeyPem: string | undefined;
      if (opts.publicKey) {
        try { publicKeyPem = fs.readFileSync(opts.publicKey, 'utf8'); } catch { throw new CliError(`error: cannot read ${opts.publicKey}`, 1); }
      }
      let report: VerifyReport;
      try {
        report = await new ExportVerifier().verify(file, { publicKeyPem });
      } catch (err) {
        if (err instanceof ExportFormatError) throw new CliError(`error: ${err.message}`, 1);
        throw err;
      }
      if (opts.json) io.out(JSON.stringify(report, null, 2)); else printReport(io, report, 'audit export');
      if (!report.intact) throw new CliError(`audit export NOT INTACT: ${report.problem_count} problem(s)`, EXIT_NOT_INTACT);
    }));

  audit
    .command('public-key')
    .description('print the Ed25519 public key (PEM) that verifies audit checkpoints and exports')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => oneLine(() => withKernel(async (kernel: Kernel) => {
      const key = kernel.container.get(AuditService).publicKey();
      if (opts.json) io.out(JSON.stringify({ key_id: key.keyId, public_key_pem: key.pem }, null, 2));
      else { io.err(`key id: ${key.keyId}`); io.out(key.pem.trimEnd()); }
    })));

  audit
    .command('checkpoint')
    .description('sign a checkpoint now for every chain with entries past its newest checkpoint')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => oneLine(() => withKernel(async (kernel: Kernel) => {
      const created = await kernel.container.get(AuditService).checkpointAll();
      if (opts.json) { io.out(JSON.stringify(created, null, 2)); return; }
      io.out(created.length === 0 ? 'every chain is already checkpointed' : `signed ${created.length} checkpoint(s)`);
      for (const cp of created) io.out(`  ${cp.chain_id}  seq ${cp.last_seq - cp.count + 1}..${cp.last_seq}`);
    })));
};

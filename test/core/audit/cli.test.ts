import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { AuditService } from '../../../core/audit/audit.service';
import { ExportVerifier } from '../../../core/audit/export-verifier';
import { AuditExporter } from '../../../core/audit/audit-exporter';
import type { IntegrityReport, VerifyReport } from '../../../core/audit/verify.types';
import type { Kernel } from '../../../core/kernel/kernel';
import type { Organization } from '../../../core/identity/models/organization.model';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { runCli } from '../../support/processes';
import { TEST_DATA_DIR } from '../../support/env';
import { appendEvents, auditServiceWith, chainEntries, exec, event, withoutAuditTriggers } from './support/audit-fixtures';

type CliResult = Awaited<ReturnType<typeof runCli>>;

function expectNoStack(r: CliResult): void {
  expect(r.stdout + r.stderr).not.to.match(/\n\s+at |SELECT |INSERT /);
}

describe('audit log: CLI verify, export and offline verification', function () {
  this.timeout(120_000);
  let kernel: Kernel;
  let audit: AuditService;
  let good: Organization;
  let bad: Organization;
  const dir = path.join(TEST_DATA_DIR, `cli-${crypto.randomBytes(3).toString('hex')}`);
  const file = (name: string) => path.join(dir, name);

  before(async () => {
    kernel = await getTestKernel();
    audit = kernel.container.get(AuditService);
    fs.mkdirSync(dir, { recursive: true });
    good = await createOrganization('CLI Good');
    bad = await createOrganization('CLI Bad');
    // Usernames that a spreadsheet would run as formulas, to check the CSV defuses them.
    await kernel.db.transaction(async (tx) => {
      for (let i = 0; i < 12; i++) audit.record(tx, event(good.id, i, { username: i % 3 === 0 ? `=HYPERLINK("http://evil/${i}")` : `-member${i}` }));
    });
    await appendEvents(kernel, audit, bad.id, 6, 3);
    await audit.checkpointAll();
    await withoutAuditTriggers(kernel, () => exec(kernel, "UPDATE audit_logs SET severity = 'info', outcome = 'failure' WHERE chain_id = ? AND seq = 4", [bad.id]));
  });

  it('when one organization\'s chain is intact, then `audit verify --org` exits 0 and says so; a tampered one exits 3 naming seq and kind', async () => {
    const [ok, tampered, all] = await Promise.all([
      runCli(['audit', 'verify', '--org', good.slug]),
      runCli(['audit', 'verify', '--org', bad.slug]),
      runCli(['audit', 'verify', '--json']),
    ]);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/audit log: intact \(12 entries in 1 chain/);
    expect(ok.stdout).to.include(good.slug);

    expect(tampered.code, tampered.stderr).to.equal(3);
    expect(tampered.stdout).to.match(/NOT INTACT/);
    expect(tampered.stdout).to.match(new RegExp(`${bad.slug}\\s+seq 4\\s+modified`));
    expect(tampered.stderr.trim().split('\n')).to.have.length(1);
    expectNoStack(tampered);

    // All chains by default; the exit code follows the whole report.
    const report = JSON.parse(all.stdout) as VerifyReport;
    expect(all.code).to.equal(report.intact ? 0 : 3);
    const labels = report.chains.map((c) => c.label);
    expect(labels).to.include.members([good.slug, bad.slug]);
    expect(report.problems.some((p) => p.chain_id === bad.id && p.seq === 4 && p.kind === 'modified')).to.equal(true);
    // Parallel runs append their own audit.verified entries, hence "at least".
    const goodChain = report.chains.find((c) => c.chain_id === good.id)!;
    expect(goodChain.problem_count).to.equal(0);
    expect(goodChain.checked).to.be.at.least(12);
  });

  it('when a verify run finishes, then the run itself is in the log', async () => {
    const entries = await chainEntries(kernel, good.id);
    const runs = entries.filter((e) => e.event_type === 'audit.verified');
    expect(runs.length).to.be.at.least(1);
    expect(JSON.parse(runs[0].event_data)).to.include({ chains: 1, problems: 0 });
  });

  it('when bad arguments are given, then the CLI exits 2 with one line and no stack', async () => {
    const r = await runCli(['audit', 'export', '--from', '2026-02-01', '--to', '2026-01-01', '--format', 'jsonl']);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/--from must be before --to/);
    expectNoStack(r);
  });

  it('when an organization\'s log is exported as JSONL and CSV, then `verify-export` accepts both offline, formula cells are defused, and doctored copies fail', async () => {
    const from = '2000-01-01T00:00:00Z';
    const to = '2100-01-01T00:00:00Z';
    const [exported, csvExported, printed] = await Promise.all([
      runCli(['audit', 'export', '--org', good.slug, '--from', from, '--to', to, '--format', 'jsonl', '--out', file('good.jsonl')]),
      runCli(['audit', 'export', '--org', good.slug, '--from', '2000-01-01', '--to', '2100-01-01', '--format', 'csv', '--out', file('good.csv')]),
      runCli(['audit', 'public-key', '--json']),
    ]);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(exported.stdout).to.match(/exported \d+ entries and \d+ checkpoint/);
    expect(csvExported.code, csvExported.stderr).to.equal(0);
    // The key an auditor is handed: the one the service signs with.
    expect(printed.code, printed.stderr).to.equal(0);
    const key = JSON.parse(printed.stdout) as { key_id: string; public_key_pem: string };
    expect(key).to.deep.equal({ key_id: audit.publicKey().keyId, public_key_pem: audit.publicKey().pem });
    fs.writeFileSync(file('key.pem'), key.public_key_pem);
    expect(fs.statSync(file('good.jsonl')).mode & 0o777).to.equal(0o600);

    const lines = fs.readFileSync(file('good.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).to.include({ type: 'header', format: 'logbook-audit-export', checkpoint_key_id: audit.publicKey().keyId });
    expect(lines.filter((l) => l.type === 'checkpoint').length).to.be.at.least(1);
    expect(lines.filter((l) => l.type === 'entry').length).to.be.at.least(12);
    expect(lines[lines.length - 1]).to.include({ type: 'end' });

    const csv = fs.readFileSync(file('good.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).to.match(/^"id","chain_id","seq","timestamp"/);
    expect(csv).to.include('"\'=HYPERLINK(""http://evil/0"")"');
    expect(csv).to.include('"\'-member1"');
    expect(csv).not.to.match(/(^|,)"=/m);
    expect(fs.existsSync(file('good.csv.checkpoints.jsonl'))).to.equal(true);

    // Offline: the database is pointed somewhere unreachable; only the files and the key are needed.
    const offlineEnv = { DB_HOST: '240.0.0.1', DB_CONNECT_RETRIES: '0', REDIS_HOST: '' };
    const [offline, offlineCsv] = await Promise.all([
      runCli(['audit', 'verify-export', file('good.jsonl'), '--public-key', file('key.pem'), '--json'], offlineEnv),
      runCli(['audit', 'verify-export', file('good.csv')], offlineEnv),
    ]);
    expect(offline.code, offline.stderr + offline.stdout).to.equal(0);
    expect((JSON.parse(offline.stdout) as VerifyReport).intact).to.equal(true);
    expect(offlineCsv.code, offlineCsv.stdout + offlineCsv.stderr).to.equal(0);
    expect(offlineCsv.stdout).to.match(/audit export: intact/);
    expect(offlineCsv.stderr).to.match(/embedded in the export/);

    // An auditor receives a doctored file: one username changed, or one entry dropped, or the file cut short.
    const entryIndex = lines.findIndex((l) => l.type === 'entry' && (l.seq as number) === 3);
    const edited = lines.map((l, i) => (i === entryIndex ? { ...l, username: 'someone-else' } : l));
    fs.writeFileSync(file('edited.jsonl'), edited.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const dropped = lines.filter((_, i) => i !== entryIndex);
    fs.writeFileSync(file('dropped.jsonl'), dropped.map((l) => JSON.stringify(l)).join('\n') + '\n');
    fs.writeFileSync(file('cut.jsonl'), lines.slice(0, -3).map((l) => JSON.stringify(l)).join('\n') + '\n');
    const verifier = new ExportVerifier();
    const pem = key.public_key_pem;
    const r1 = await verifier.verify(file('edited.jsonl'), { publicKeyPem: pem });
    expect(r1.intact).to.equal(false);
    expect(r1.problems.some((p) => p.kind === 'checkpoint-mismatch')).to.equal(true);
    const r2 = await verifier.verify(file('dropped.jsonl'), { publicKeyPem: pem });
    expect(r2.problems.some((p) => p.kind === 'deleted' && p.seq === 3)).to.equal(true);
    const r3 = await verifier.verify(file('cut.jsonl'), { publicKeyPem: pem });
    expect(r3.problems.some((p) => p.kind === 'truncated')).to.equal(true);
    // Signed by someone else's key: the checkpoints no longer count.
    const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const r4 = await verifier.verify(file('good.jsonl'), { publicKeyPem: other });
    expect(r4.problems.some((p) => p.kind === 'bad-checkpoint-signature')).to.equal(true);
    // A CSV cell edited in a spreadsheet (here: the defused formula turned back into one) fails too.
    fs.writeFileSync(file('edited.csv'), csv.replace('"\'-member1"', '"-member9"'));
    fs.copyFileSync(file('good.csv.checkpoints.jsonl'), file('edited.csv.checkpoints.jsonl'));
    expect((await verifier.verify(file('edited.csv'), { publicKeyPem: pem })).intact).to.equal(false);
  });

  it('when several chains are exported together, then each is verified on its own and only the doctored one fails', async () => {
    const out = fs.createWriteStream(file('two.jsonl'));
    const exporter = new AuditExporter(kernel.config, kernel.db, audit);
    const summary = await exporter.export({ from: '2000-01-01T00:00:00.000000Z', to: '2100-01-01T00:00:00.000000Z', chainIds: [good.id, bad.id], format: 'jsonl' }, { main: out });
    await new Promise<void>((resolve) => out.end(resolve));
    expect(summary.chains.map((c) => c.chain_id)).to.deep.equal([good.id, bad.id]);
    const report = await new ExportVerifier().verify(file('two.jsonl'), { publicKeyPem: audit.publicKey().pem });
    expect(report.chains.find((c) => c.chain_id === good.id)?.problem_count).to.equal(0);
    expect(report.problems.length).to.be.at.least(1);
    expect(report.problems.every((p) => p.chain_id === bad.id && p.kind === 'checkpoint-mismatch')).to.equal(true);
  });

  it('when a chain\'s unsigned tail does not verify, then the export leaves it out with a warning instead of signing it', async () => {
    const org = await createOrganization('CLI Tail');
    await appendEvents(kernel, audit, org.id, 3, 3);
    await audit.checkpointChain(org.id);
    await appendEvents(kernel, audit, org.id, 3, 3);
    await withoutAuditTriggers(kernel, () => exec(kernel, "UPDATE audit_logs SET username = 'mallory' WHERE chain_id = ? AND seq = 5", [org.id]));
    const out = fs.createWriteStream(file('tail.jsonl'));
    // `logbook audit export` runs in a process of its own, which has only the rows to go by (the
    // process that appended them would sign what it committed: checkpoint-sources.test.ts).
    const cliProcess = auditServiceWith(kernel);
    const summary = await new AuditExporter(kernel.config, kernel.db, cliProcess)
      .export({ from: '2000-01-01T00:00:00.000000Z', to: '2100-01-01T00:00:00.000000Z', chainIds: [org.id], format: 'jsonl' }, { main: out });
    await new Promise<void>((resolve) => out.end(resolve));
    expect(summary.entries).to.equal(3);
    expect(summary.warnings).to.have.length(1);
    expect(summary.warnings[0]).to.match(/entries 4\.\.6 were left out/);
    expect((await new ExportVerifier().verify(file('tail.jsonl'), { publicKeyPem: audit.publicKey().pem })).intact).to.equal(true);
  });

  it('when the SPA asks for one organization\'s integrity, then it gets {verified, total_checked, first_id, last_id, errors, message}', async () => {
    const ok: IntegrityReport = await audit.integrity(good.id);
    expect(ok).to.have.all.keys('verified', 'total_checked', 'first_id', 'last_id', 'errors', 'message');
    expect(ok.verified).to.equal(true);
    expect(ok.total_checked).to.be.at.least(12);
    expect(ok.first_id).to.be.a('number');
    const broken = await audit.integrity(bad.id);
    expect(broken.verified).to.equal(false);
    const modified = broken.errors.find((e) => e.kind === 'modified');
    expect(modified).to.include({ seq: 4 });
    expect(modified!.log_id).to.be.a('number');
    expect(broken.message).to.match(/failed/);
    const ids = (await chainEntries(kernel, bad.id)).map((e) => Number(e.id));
    const ranged = await audit.integrity(bad.id, { startId: ids[4], endId: ids[5] });
    expect(ranged).to.include({ verified: true, total_checked: 2, first_id: ids[4], last_id: ids[5] });
  });
});

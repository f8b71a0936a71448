/**
 * The audit log on the embedded profile (SQLite file, in-process cache), run as its own process
 * because models bind to one Sequelize instance per process. Prints one JSON line of findings for
 * sqlite-smoke.test.ts to assert on.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { loadConfig } from '../../../../core/config';
import { createLogger } from '../../../../core/logging/logger';
import { Kernel } from '../../../../core/kernel/kernel';
import { AuditService } from '../../../../core/audit/audit.service';
import { AuditExporter } from '../../../../core/audit/audit-exporter';
import { ExportVerifier } from '../../../../core/audit/export-verifier';
import { Organization } from '../../../../core/identity/models/organization.model';
import type { VerifyReport } from '../../../../core/audit/verify.types';

const brief = (r: VerifyReport) => ({ intact: r.intact, checked: r.total_checked, problems: r.problems.map((p) => ({ kind: p.kind, seq: p.seq, to_seq: p.to_seq })) });

async function main(): Promise<void> {
  const config = loadConfig();
  const kernel = await new Kernel(config, createLogger(config)).boot({ migrate: true, jobs: false, http: false });
  const audit = kernel.container.get(AuditService);
  const db = kernel.db;
  const org = await Organization.create({ id: crypto.randomUUID(), name: 'Embedded', slug: 'embedded', timezone: 'UTC', active: true });

  // Four writers at once: IMMEDIATE transactions queue on SQLite's write lock instead of forking the chain.
  await Promise.all(Array.from({ length: 4 }, (_, w) => (async () => {
    for (let t = 0; t < 5; t++) {
      await db.transaction(async (tx) => {
        audit.record(tx, { eventType: 'smoke.write', eventCategory: 'test', organizationId: org.id, username: `w${w}`, userAgent: 'ua', eventData: { w, t } });
        audit.record(tx, { eventType: 'smoke.install', eventCategory: 'test', organizationId: null, eventData: { w, t } });
      });
    }
  })()));
  await audit.recordStandalone({ eventType: 'smoke.standalone', eventCategory: 'test', organizationId: org.id, severity: 'warning', eventData: { s: 'é\u00e9' } });
  await audit.drain();
  await audit.checkpointAll();

  const stored = await db.sequelize.query<{ ts: string }>('SELECT CAST(`timestamp` AS TEXT) AS ts FROM audit_logs WHERE chain_id = ? ORDER BY seq LIMIT 1', { replacements: [org.id], type: QueryTypes.SELECT });
  const seqs = (await db.sequelize.query<{ seq: number }>('SELECT seq FROM audit_logs WHERE chain_id = ? ORDER BY seq', { replacements: [org.id], type: QueryTypes.SELECT })).map((r) => Number(r.seq));
  const clean = await audit.verify();

  const exportFile = path.join(config.dataDir, 'export.jsonl');
  const out = fs.createWriteStream(exportFile);
  await new AuditExporter(config, db, audit).export({ from: '2000-01-01T00:00:00.000000Z', to: '2100-01-01T00:00:00.000000Z', chainIds: [org.id], format: 'jsonl' }, { main: out });
  await new Promise<void>((resolve) => out.end(resolve));
  const exported = await new ExportVerifier().verify(exportFile, { publicKeyPem: audit.publicKey().pem });

  // No triggers on SQLite: the verifier is what notices.
  const [{ username }] = await db.sequelize.query<{ username: string }>('SELECT username FROM audit_logs WHERE chain_id = ? AND seq = 2', { replacements: [org.id], type: QueryTypes.SELECT });
  await db.sequelize.query("UPDATE audit_logs SET username = 'mallory' WHERE chain_id = ? AND seq = 2", { replacements: [org.id] });
  const modified = await audit.verify({ chainIds: [org.id] });
  await db.sequelize.query('UPDATE audit_logs SET username = ? WHERE chain_id = ? AND seq = 2', { replacements: [username, org.id] });
  await db.sequelize.query('DELETE FROM audit_logs WHERE chain_id = ? AND seq >= 20', { replacements: [org.id] });
  const truncated = await audit.verify({ chainIds: [org.id] });

  process.stdout.write(JSON.stringify({
    dialect: db.dialect, storedTimestamp: stored[0]?.ts, seqs, clean: brief(clean), chains: clean.chains.map((c) => c.label),
    exported: brief(exported), modified: brief(modified), truncated: brief(truncated),
  }) + '\n');
  await kernel.close();
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`sqlite smoke failed: ${err.message}\n`);
  process.exit(1);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mysql from 'mysql2/promise';
import { getTestKernel } from '../../support/kernel';
import { runCli } from '../../support/processes';
import { createDatabase, dropDatabase } from '../../support/mysql-admin';
import { TEST_ENV, TEST_RUN_ID } from '../../support/env';
import { signedIn, type SignedIn } from '../../support/identity';
import { createMember } from '../identity/support/members';
import { deleteRedisKeys } from '../../support/hooks';
import { AuditService } from '../../../core/audit/audit.service';
import { INSTALLATION_CHAIN_ID } from '../../../core/audit/audit-entry';

type Row = Record<string, unknown>;

async function connect(database: string): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: TEST_ENV.DB_HOST, port: Number(TEST_ENV.DB_PORT), user: TEST_ENV.DB_USER, password: TEST_ENV.DB_PASSWORD, database,
    dateStrings: true, jsonStrings: true, supportBigNumbers: true, bigNumberStrings: true,
  });
}

/** Every table except the migrations bookkeeping, each as its rows serialized and sorted. */
async function contents(database: string): Promise<Map<string, string[]>> {
  const conn = await connect(database);
  try {
    const [tables] = await conn.query("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'schema_migrations' ORDER BY 1");
    const out = new Map<string, string[]>();
    for (const { t } of tables as Array<{ t: string }>) {
      const [rows] = await conn.query(`SELECT * FROM \`${t}\``);
      out.set(t, (rows as Row[]).map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort());
    }
    return out;
  } finally {
    await conn.end();
  }
}

async function tableCount(database: string): Promise<number> {
  const conn = await connect(database);
  try {
    const [rows] = await conn.query("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
    return Number((rows as Array<{ n: number }>)[0].n);
  } finally {
    await conn.end();
  }
}

describe('logbook backup / restore (MariaDB, through the CLI)', function () {
  this.timeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-backup-'));
  const file = path.join(dir, 'dept.lbk');
  const targets: string[] = [];
  let admin: SignedIn;
  /** Earlier tests in a full run tamper with chains on purpose; a restore must reproduce exactly that state. */
  let sourceIntact: boolean;

  async function emptyTarget(): Promise<string> {
    const name = `lbtest_${TEST_RUN_ID}_r${targets.length}`;
    targets.push(name);
    await createDatabase(name);
    return name;
  }

  before(async () => {
    await getTestKernel();
    admin = await signedIn(['it_manager']);
    for (let i = 0; i < 5; i++) await createMember({ org: admin.org, positions: i % 2 ? ['member'] : ['captain'] });
    for (let i = 0; i < 4; i++) expect((await admin.patch('/organization/profile', { county: `Backup County ${i}` })).status).to.equal(200);
    const res = await runCli(['backup', '--out', file]);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/^backup written: .* \(\d+ tables, \d+ rows, \d+ audit chains\)/);
    sourceIntact = (await (await getTestKernel()).container.get(AuditService).verify()).intact;
  });

  const restoreNamespace = `${TEST_ENV.REDIS_KEY_PREFIX}-restore`;

  after(async () => {
    await deleteRedisKeys(restoreNamespace);
    for (const t of targets) await dropDatabase(t);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a backup is written, then the file is private to its owner and holds no readable member data', () => {
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 17).toString()).to.equal('LOGBOOK-BACKUP/1 ');
    for (const secret of [admin.email, admin.org.name, 'Backup County 3']) expect(bytes.includes(Buffer.from(secret))).to.equal(false);
  });

  it('when it is restored into an empty database, then every table matches the source and the audit log verifies', async () => {
    const source = await contents(TEST_ENV.DB_NAME);
    const target = await emptyTarget();
    // A Redis namespace of its own: in a full run, earlier tests leave truncated chains whose newer
    // checkpoints sit in the run's namespace, and restore would rightly refuse them as a rollback.
    const fresh = { DB_NAME: target, REDIS_KEY_PREFIX: restoreNamespace };
    const res = await runCli(['restore', file], fresh);
    expect(res.code, res.stderr + res.stdout).to.equal(sourceIntact ? 0 : 3);
    if (sourceIntact) expect(res.stdout).to.match(/audit log intact: \d+ entries/);
    const restored = await contents(target);
    expect([...restored.keys()]).to.deep.equal([...source.keys()]);
    // The restore records itself on the installation chain: that one entry (and its head) is the only difference.
    const restoredLogs = restored.get('audit_logs')!.filter((r) => !r.includes('"event_type":"system.restored"'));
    expect(restoredLogs).to.deep.equal(source.get('audit_logs'));
    const otherHeads = (rows: string[]) => rows.filter((r) => !r.includes(`"chain_id":"${INSTALLATION_CHAIN_ID}"`));
    expect(otherHeads(restored.get('audit_chain_heads')!)).to.deep.equal(otherHeads(source.get('audit_chain_heads')!));
    for (const [table, rows] of source) {
      if (table === 'audit_logs' || table === 'audit_chain_heads') continue;
      expect(restored.get(table), table).to.deep.equal(rows);
    }
    expect(source.get('users')!.length).to.be.at.least(6);
    // Whatever earlier tests did to other chains, this department's chain verifies in the restored copy.
    const ownChain = await runCli(['audit', 'verify', '--org', admin.org.slug], fresh);
    expect(ownChain.code, ownChain.stdout + ownChain.stderr).to.equal(0);
  });

  it('when the target database is not empty, then restore refuses and changes nothing', async () => {
    const before = await tableCount(TEST_ENV.DB_NAME);
    const res = await runCli(['restore', file]);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.match(/is not empty: restore into a new, empty database/);
    expect(await tableCount(TEST_ENV.DB_NAME)).to.equal(before);
  });

  it('when the file was changed, cut short, or is read with another key, then restore refuses before touching the database', async () => {
    const bytes = fs.readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0x01;
    const cut = bytes.subarray(0, bytes.length - 40);
    const cases: Array<{ name: string; data: Buffer; env?: Record<string, string>; message: RegExp }> = [
      { name: 'flipped.lbk', data: flipped, message: /does not decrypt: wrong key, or the file was changed/ },
      { name: 'cut.lbk', data: cut, message: /truncated/ },
      { name: 'other-key.lbk', data: bytes, env: { ENCRYPTION_KEY: 'another-encryption-key-0123456789abcdef0123' }, message: /does not decrypt/ },
      { name: 'own-key.lbk', data: bytes, env: { BACKUP_KEY: 'a-separate-backup-key-0123456789abcdef01234' }, message: /encrypted with ENCRYPTION_KEY; set it \(this server uses BACKUP_KEY\)/ },
      { name: 'not-a-backup.lbk', data: Buffer.from('hello\n'), message: /not a Logbook backup/ },
    ];
    const dbs: string[] = [];
    for (const c of cases) {
      dbs.push(await emptyTarget());
      fs.writeFileSync(path.join(dir, c.name), c.data);
    }
    const results = await Promise.all(cases.map((c, i) => runCli(['restore', path.join(dir, c.name)], { DB_NAME: dbs[i], ...c.env })));
    for (const [i, c] of cases.entries()) {
      expect(results[i].code, c.name).to.equal(1);
      expect(results[i].stderr, c.name).to.match(c.message);
      expect(results[i].stderr, c.name).to.not.match(/at .*\.ts:\d+/);
      expect(await tableCount(dbs[i]), c.name).to.equal(0);
    }
  });

  it('when the audit log outside the database has moved past the backup, then restore refuses unless --allow-rollback, and verify then shows the lost range', async () => {
    for (let i = 0; i < 3; i++) expect((await admin.patch('/organization/profile', { county: `After Backup ${i}` })).status).to.equal(200);
    const kernel = await getTestKernel();
    const audit = kernel.container.get(AuditService);
    await audit.drain();
    const created = await audit.checkpoints.checkpointChain(admin.org.id, true);
    expect(created.length).to.be.at.least(1);

    const refusedInto = await emptyTarget();
    const refused = await runCli(['restore', file], { DB_NAME: refusedInto });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('this backup is older than the audit log it would replace');
    expect(refused.stderr).to.match(new RegExp(`audit chain ${admin.org.id} reached entry \\d+ .* 3 audited events would be lost`));
    expect(await tableCount(refusedInto)).to.equal(0);

    const allowed = await runCli(['restore', file, '--allow-rollback'], { DB_NAME: await emptyTarget() });
    expect(allowed.code, allowed.stderr).to.equal(3);
    expect(allowed.stdout).to.match(/rolled back \(allowed\): audit chain/);
    expect(allowed.stderr).to.match(/restored, but the audit log is NOT INTACT/);
  });
});

describe('logbook backup / restore on the embedded SQLite default', function () {
  this.timeout(120_000);

  it('when an SQLite installation is backed up, then it restores into a fresh data folder with the same rows and an intact audit log', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-sqlite-backup-'));
    const sqlite = (dataDir: string) => ({ DB_HOST: '', REDIS_HOST: '', DATA_DIR: dataDir });
    try {
      const source = sqlite(path.join(root, 'source'));
      expect((await runCli(['migrate', 'up'], source)).code).to.equal(0);
      const created = await runCli(['orgs', 'create', '--name', 'Lakeside Fire', '--slug', 'lakeside', '--timezone', 'America/Denver', '--admin-username', 'lakeside_admin', '--admin-email', 'admin@lakeside.example'], source);
      expect(created.code, created.stderr).to.equal(0);
      const file = path.join(root, 'lakeside.lbk');
      const backup = await runCli(['backup', '--out', file], source);
      expect(backup.code, backup.stderr).to.equal(0);
      const rows = Number(/(\d+) rows/.exec(backup.stdout)?.[1]);
      expect(rows).to.be.greaterThan(30);

      const restored = await runCli(['restore', file], sqlite(path.join(root, 'restored')));
      expect(restored.code, restored.stderr).to.equal(0);
      expect(restored.stdout).to.include(`restored: `);
      expect(Number(/restored: \d+ tables, (\d+) rows/.exec(restored.stdout)?.[1])).to.equal(rows);
      expect(restored.stdout).to.match(/audit log intact/);
      const orgs = await runCli(['orgs', 'list'], sqlite(path.join(root, 'restored')));
      expect(orgs.stdout).to.include('lakeside');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

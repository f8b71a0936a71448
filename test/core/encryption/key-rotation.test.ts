import { expect } from 'chai';
import { CommanderError } from 'commander';
import { QueryTypes } from 'sequelize';
import type { Kernel } from '../../../core/kernel/kernel';
import type { AuditEvent, AuditRecorder } from '../../../core/audit/audit.types';
import { silentLogger } from '../../../core/logging/logger';
import {
  EncryptionUsageError, FieldCipher, KeyRing, KeyRotationService, KeyStatusService, attachFieldCipher, blindIndexWhere,
  type RotationProgress,
} from '../../../core/encryption';
import { getTestKernel } from '../../support/kernel';
import { runCli } from '../../support/processes';
import { buildProgram } from '../../../core/cli/main';
import { SecretNote } from '../../fixtures/encryption/encryption-fixture.models';
import { createFixtureTables, dropFixtureTables } from './fixture-tables';
import { KEY_A, KEY_B, SALT } from './encryption-test-keys';

const TABLE = 'enc_fixture_notes';
type Stored = { id: string; body: string | null; email: string | null; email_bidx: string | null };

/** An AuditRecorder that keeps what it is given (the real one is another engineer's; these tests must not need it). */
class RecordingAudit implements AuditRecorder {
  readonly events: AuditEvent[] = [];
  record(): void { throw new Error('rotation records standalone events only'); }
  async recordStandalone(event: AuditEvent): Promise<void> { this.events.push(event); }
}

describe('key rotation (MariaDB)', () => {
  let kernel: Kernel;
  let kernelCipher: FieldCipher | null;
  let cipherA: FieldCipher;
  let cipherBA: FieldCipher;
  let cipherB: FieldCipher;

  const use = (cipher: FieldCipher) => attachFieldCipher(kernel.db.sequelize, cipher);
  const rotation = (cipher: FieldCipher, audit: AuditRecorder | null = null) => new KeyRotationService(kernel.db, cipher, silentLogger, () => audit);
  const storedRows = () => kernel.db.sequelize.query<Stored>(`SELECT id, body, email, email_bidx FROM ${TABLE} ORDER BY id`, { type: QueryTypes.SELECT });
  const kidsIn = async (column: 'body' | 'email') => {
    const status = await new KeyStatusService(kernel.db, cipherBA).status({ tables: [TABLE] });
    const c = status.columns.find((x) => x.column === column)!;
    return Object.fromEntries(c.byKid.map((k) => [k.kid, k.count]));
  };

  /** `n` notes written under key A, some with NULLs, as before the operator changed ENCRYPTION_KEY. */
  async function writeUnderA(n: number): Promise<Array<{ id: string; body: string | null; email: string | null }>> {
    use(cipherA);
    const made = await SecretNote.bulkCreate(Array.from({ length: n }, (_, i) => ({
      body: i % 4 === 3 ? null : `narrative ${i} — Grüße 🚒`,
      email: i % 3 === 2 ? null : `member${i}@Example.org`,
    })));
    return made.map((m) => ({ id: m.id, body: m.body, email: m.email }));
  }

  before(async () => {
    kernel = await getTestKernel();
    await createFixtureTables(kernel);
    kernelCipher = null;
    cipherA = new FieldCipher(await KeyRing.fromSecrets({ currentKey: KEY_A, salt: SALT }));
    cipherBA = new FieldCipher(await KeyRing.fromSecrets({ currentKey: KEY_B, legacyKeys: [KEY_A], salt: SALT }));
    cipherB = new FieldCipher(await KeyRing.fromSecrets({ currentKey: KEY_B, salt: SALT }));
  });

  beforeEach(async () => {
    // Swap rings on the kernel's connection; the kernel's own ring is put back after the file.
    const previous = use(cipherA);
    kernelCipher ??= previous;
    await SecretNote.destroy({ where: {} });
  });

  after(async () => {
    if (kernelCipher) use(kernelCipher);
    await dropFixtureTables(kernel);
  });

  it('when the ring is restarted with B current and A legacy, then rows written under A still read, and lookups by blind index still find them', async () => {
    const notes = await writeUnderA(6);
    use(cipherBA);
    const read = await SecretNote.findAll();
    expect(read.map((n) => ({ id: n.id, body: n.body, email: n.email })).sort((a, b) => a.id.localeCompare(b.id))).to.deep.equal([...notes].sort((a, b) => a.id.localeCompare(b.id)));
    expect((await SecretNote.findOne({ where: blindIndexWhere(SecretNote, 'email', 'MEMBER0@example.org') }))!.id).to.equal(notes[0].id);
  });

  it('when rotating, then every value moves to key B in batches, blind indexes follow, and every row reads the same', async () => {
    const notes = await writeUnderA(7);
    use(cipherBA);
    const audit = new RecordingAudit();
    const progress: RotationProgress[] = [];
    const summary = await rotation(cipherBA, audit).rotate({ batchSize: 3, tables: [TABLE], onProgress: (p) => progress.push(p) });

    expect(summary).to.include({ dryRun: false, interrupted: false, toKid: cipherB.currentKid, rows: 7, failureCount: 0, audited: true });
    expect(summary.fromKids).to.deep.equal([cipherA.currentKid]);
    const bodies = notes.filter((n) => n.body !== null).length;
    const emails = notes.filter((n) => n.email !== null).length;
    expect(summary.values).to.equal(bodies + emails);
    expect(summary.tables[0].columns).to.deep.equal({ body: bodies, email: emails });
    expect(progress.map((p) => [p.done, p.total])).to.deep.equal([[0, 7], [3, 7], [6, 7], [7, 7]]);

    for (const row of await storedRows()) {
      for (const value of [row.body, row.email]) if (value !== null) expect(cipherB.kidOf(value)).to.equal(cipherB.currentKid);
    }
    expect(await kidsIn('body')).to.deep.equal({ [cipherB.currentKid]: bodies });
    // Key A is no longer needed: a ring with B alone reads and finds everything.
    use(cipherB);
    for (const n of notes) expect((await SecretNote.findByPk(n.id))!.toJSON()).to.include({ body: n.body, email: n.email });
    expect((await SecretNote.findOne({ where: blindIndexWhere(SecretNote, 'email', 'member4@example.org') }))!.id).to.equal(notes[4].id);

    expect(audit.events).to.have.length(1);
    expect(audit.events[0]).to.deep.include({ eventType: 'keys.rotated', eventCategory: 'security', severity: 'warning', organizationId: null });
    expect(audit.events[0].eventData).to.deep.include({ columns: [`${TABLE}.body`, `${TABLE}.email`], rows: 7, fromKids: [cipherA.currentKid], toKid: cipherB.currentKid });
  });

  it('when the rotation runs again, then it finds nothing to do and changes nothing (and records no audit event)', async () => {
    await writeUnderA(4);
    use(cipherBA);
    await rotation(cipherBA).rotate({ tables: [TABLE] });
    const before = await storedRows();
    const audit = new RecordingAudit();
    const again = await rotation(cipherBA, audit).rotate({ tables: [TABLE] });
    expect(again).to.include({ rows: 0, values: 0, failureCount: 0, audited: false });
    expect(await storedRows()).to.deep.equal(before);
    expect(audit.events).to.deep.equal([]);
  });

  it('when a rotation is stopped after its first batch, then what it did stays done and the next run finishes the rest', async () => {
    const notes = await writeUnderA(5);
    use(cipherBA);
    const controller = new AbortController();
    const first = await rotation(cipherBA).rotate({ batchSize: 2, tables: [TABLE], signal: controller.signal, onProgress: (p) => { if (p.done > 0) controller.abort(); } });
    expect(first).to.include({ interrupted: true, rows: 2 });
    const counts = await storedRows();
    const onB = counts.filter((r) => [r.body, r.email].some((v) => v !== null && cipherB.isCurrent(v))).length;
    expect(onB).to.equal(2);
    // Half-rotated table: every row still reads.
    expect((await SecretNote.findAll()).length).to.equal(5);

    const second = await rotation(cipherBA).rotate({ batchSize: 2, tables: [TABLE] });
    expect(second).to.include({ interrupted: false, rows: 3, failureCount: 0 });
    use(cipherB);
    for (const n of notes) expect((await SecretNote.findByPk(n.id))!.body).to.equal(n.body);
  });

  it('when readers query the table while it is being rotated one row per batch, then every read succeeds with plaintext', async () => {
    const notes = await writeUnderA(12);
    use(cipherBA);
    const expected = new Map(notes.map((n) => [n.id, n.body]));
    let rotating = true;
    let reads = 0;
    const readers = Array.from({ length: 3 }, async () => {
      while (rotating) {
        for (const n of await SecretNote.findAll()) expect(n.body).to.equal(expected.get(n.id));
        reads++;
      }
    });
    const summary = await rotation(cipherBA).rotate({ batchSize: 1, tables: [TABLE] }).finally(() => { rotating = false; });
    await Promise.all(readers);
    expect(summary.rows).to.equal(notes.filter((n) => n.body !== null || n.email !== null).length);
    expect(reads).to.be.greaterThan(0);
  });

  it('when a value cannot be decrypted, then its row is reported and left alone, the others are rotated, and a rerun reports it again', async () => {
    const notes = await writeUnderA(4);
    await kernel.db.sequelize.query(`UPDATE ${TABLE} SET body = 'plaintext that slipped in' WHERE id = :id`, { replacements: { id: notes[1].id } });
    use(cipherBA);
    const summary = await rotation(cipherBA).rotate({ batchSize: 2, tables: [TABLE] });
    expect(summary.rows).to.equal(3);
    expect(summary.failureCount).to.equal(1);
    expect(summary.failures).to.deep.equal([{ table: TABLE, column: 'body', rowId: notes[1].id, reason: 'not-encrypted' }]);
    const damaged = (await storedRows()).find((r) => r.id === notes[1].id)!;
    expect(damaged.body).to.equal('plaintext that slipped in');
    expect(cipherA.kidOf(damaged.email!)).to.equal(cipherA.currentKid);
    const again = await rotation(cipherBA).rotate({ batchSize: 2, tables: [TABLE] });
    expect(again).to.include({ rows: 0, failureCount: 1 });
  });

  it('when run as a dry run, then it counts what is left per column and key, and writes nothing', async () => {
    const notes = await writeUnderA(5);
    use(cipherBA);
    const before = await storedRows();
    const audit = new RecordingAudit();
    const dry = await rotation(cipherBA, audit).rotate({ dryRun: true, tables: [TABLE] });
    expect(dry).to.include({ dryRun: true, rows: 5, values: notes.filter((n) => n.body).length + notes.filter((n) => n.email).length });
    expect(dry.fromKids).to.deep.equal([cipherA.currentKid]);
    expect(await storedRows()).to.deep.equal(before);
    expect(audit.events).to.deep.equal([]);
  });

  it('when the status is asked, then it counts values per column and key id, labelled current, legacy or unknown, and flags plaintext', async () => {
    await writeUnderA(3);
    use(cipherB);
    const extra = await SecretNote.create({ body: 'under B', email: null });
    await kernel.db.sequelize.query(`UPDATE ${TABLE} SET email = 'bare@example.org' WHERE id = :id`, { replacements: { id: extra.id } });
    const status = await new KeyStatusService(kernel.db, cipherBA).status({ tables: [TABLE] });
    expect(status).to.deep.include({ currentKid: cipherB.currentKid, legacyKids: [cipherA.currentKid] });
    const body = status.columns.find((c) => c.column === 'body')!;
    expect(body).to.deep.include({ total: 4, invalid: 0 });
    expect(body.byKid).to.deep.equal([{ kid: cipherA.currentKid, role: 'legacy', count: 3 }, { kid: cipherB.currentKid, role: 'current', count: 1 }]);
    expect(status.columns.find((c) => c.column === 'email')!.invalid).to.equal(1);
    const unknown = await new KeyStatusService(kernel.db, cipherB).status({ tables: [TABLE] });
    expect(unknown.columns.find((c) => c.column === 'body')!.byKid.find((k) => k.kid === cipherA.currentKid)!.role).to.equal('unknown');
  });

  it('when asked for an unknown table or an impossible batch size, then the rotation refuses before touching anything', async () => {
    const err = await rotation(cipherBA).rotate({ tables: ['no_such_table'] }).then(() => null, (e: Error) => e);
    expect(err).to.be.instanceOf(EncryptionUsageError);
    expect(err!.message).to.include('no_such_table');
    for (const batchSize of [0, -1, 1.5, 10_001]) {
      expect(await rotation(cipherBA).rotate({ batchSize, tables: [TABLE] }).then(() => null, (e: Error) => e)).to.be.instanceOf(EncryptionUsageError);
    }
  });

  describe('logbook keys (CLI)', () => {
    it('when --batch is not a whole number from 1 to 10000, then the command line is refused before anything boots', async () => {
      for (const value of ['0', '10001', 'abc', '2.5']) {
        const program = buildProgram();
        let said = '';
        const rotate = program.commands.find((c) => c.name() === 'keys')!.commands.find((c) => c.name() === 'rotate')!;
        rotate.configureOutput({ writeErr: (text) => { said += text; }, outputError: (text, write) => write(text) });
        const err = await program.parseAsync(['keys', 'rotate', '--batch', value], { from: 'user' }).then(() => null, (e: Error) => e);
        expect(err, value).to.be.instanceOf(CommanderError);
        expect(said).to.include('1 to 10000');
      }
    });

    const cliEnv = {
      ENCRYPTION_KEY: KEY_B, ENCRYPTION_KEYS_LEGACY: KEY_A, ENCRYPTION_SALT: SALT,
      MODULE_DIRS: 'test/fixtures/modules,test/fixtures/encryption/modules', LOG_LEVEL: 'warn',
    };

    it('when `keys status` and `keys rotate` run against rows written under A, then status lists key A as legacy per column, rotate moves every row to B and prints a summary', async function () {
      this.timeout(60_000);
      const notes = await writeUnderA(4);
      const status = await runCli(['keys', 'status', '--table', TABLE], cliEnv);
      expect(status.code, status.stderr).to.equal(0);
      const lines = status.stdout.split('\n').map((l) => l.trim().split(/\s+/).join(' '));
      expect(lines[0]).to.equal(`current key: ${cipherB.currentKid}; legacy keys: ${cipherA.currentKid}`);
      expect(lines).to.include(`${TABLE}.body ${cipherA.currentKid} legacy 3`);
      expect(lines).to.include(`${TABLE}.email ${cipherA.currentKid} legacy 3`);

      const rotate = await runCli(['keys', 'rotate', '--batch', '2', '--table', TABLE], cliEnv);
      expect(rotate.code, rotate.stderr).to.equal(0);
      expect(rotate.stdout).to.include(`re-encrypted 4 row(s)`).and.include(`to ${cipherB.currentKid}`).and.include(`${TABLE}.body  3`);
      expect(rotate.stdout + rotate.stderr).not.to.include('narrative').and.not.include(KEY_A).and.not.include(KEY_B);
      use(cipherB);
      for (const n of notes) expect((await SecretNote.findByPk(n.id))!.email).to.equal(n.email);

    });
  });
});

import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { Column, DataType, Model, Sequelize, Table } from 'sequelize-typescript';
import type { Kernel } from '../../../core/kernel/kernel';
import {
  DecryptionError, EncryptionConfigError, EncryptionUsageError, Encrypted, FieldCipher,
  blindIndexWhere, decryptRawRows, describeEncryptedModel, encryptedColumns,
} from '../../../core/encryption';
import { getTestKernel } from '../../support/kernel';
import { createFixtureTables, dropFixtureTables } from './fixture-tables';
import { NoteFolder, SecretNote } from '../../fixtures/encryption/encryption-fixture.models';

type StoredNote = { id: string; body: string | null; email: string | null; email_bidx: string | null; label: string };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('expected the promise to be rejected'); }, (err: Error) => err);
}

describe('@Encrypted model columns (MariaDB)', () => {
  let kernel: Kernel;
  let cipher: FieldCipher;

  async function stored(id: string): Promise<StoredNote> {
    const [row] = await kernel.db.sequelize.query<StoredNote>('SELECT id, body, email, email_bidx, label FROM enc_fixture_notes WHERE id = :id', { replacements: { id }, type: QueryTypes.SELECT });
    return row;
  }

  async function setStored(id: string, column: 'body' | 'email', value: string | null): Promise<void> {
    await kernel.db.sequelize.query(`UPDATE enc_fixture_notes SET ${column} = :value WHERE id = :id`, { replacements: { id, value } });
  }

  before(async () => {
    kernel = await getTestKernel();
    await createFixtureTables(kernel);
    cipher = kernel.container.get(FieldCipher);
  });

  after(async () => {
    await dropFixtureTables(kernel);
  });

  beforeEach(async () => {
    await SecretNote.destroy({ where: {} });
  });

  describe('writes and reads', () => {
    it('when a note is created, then the instance reads plaintext and the table holds ciphertext under the current key', async () => {
      const note = await SecretNote.create({ body: 'Crew member injured at scene', email: 'Alice@Example.org', label: 'incident' });
      expect(note.body).to.equal('Crew member injured at scene');
      expect(note.email).to.equal('Alice@Example.org');
      const row = await stored(note.id);
      expect(row.body!.startsWith(`$gcm2$${cipher.currentKid}$`)).to.equal(true);
      expect(row.email!.startsWith(`$gcm2$${cipher.currentKid}$`)).to.equal(true);
      expect(JSON.stringify(row)).not.to.include('injured').and.not.to.match(/alice/i);
      expect(row.email_bidx).to.match(/^[0-9a-f]{64}$/);
      expect(row.label).to.equal('incident');
    });

    it('when notes are read with findByPk, findOne and findAll, then every encrypted attribute is plaintext and nothing is marked changed', async () => {
      const created = await SecretNote.create({ body: 'Narrative one', email: 'bob@example.org' });
      const byPk = await SecretNote.findByPk(created.id);
      const one = await SecretNote.findOne({ where: { id: created.id } });
      const all = await SecretNote.findAll();
      for (const note of [byPk!, one!, all[0]]) {
        expect(note.body).to.equal('Narrative one');
        expect(note.email).to.equal('bob@example.org');
        expect(note.changed()).to.equal(false);
      }
      expect(byPk!.toJSON()).to.include({ body: 'Narrative one', email: 'bob@example.org' });
    });

    it('when notes go through findAndCountAll, findOrCreate and reload, then they read plaintext too', async () => {
      const [made, created] = await SecretNote.findOrCreate({ where: { label: 'foc' }, defaults: { body: 'found or created', email: 'foc@example.org' } });
      expect(created).to.equal(true);
      expect(made.body).to.equal('found or created');
      const [found, again] = await SecretNote.findOrCreate({ where: { label: 'foc' }, defaults: { body: 'not used' } });
      expect(again).to.equal(false);
      expect(found.body).to.equal('found or created');
      const { count, rows } = await SecretNote.findAndCountAll({ where: { label: 'foc' } });
      expect(count).to.equal(1);
      expect(rows[0].email).to.equal('foc@example.org');
      await setStored(made.id, 'body', cipher.encrypt('changed elsewhere', { table: 'enc_fixture_notes', column: 'body', rowId: made.id }));
      await found.reload();
      expect(found.body).to.equal('changed elsewhere');
    });

    it('when one encrypted attribute is updated, then only it is re-encrypted, and the row reads back the new value', async () => {
      const note = await SecretNote.create({ body: 'before', email: 'carol@example.org' });
      const rowBefore = await stored(note.id);
      const loaded = (await SecretNote.findByPk(note.id))!;
      await loaded.update({ body: 'after' });
      expect(loaded.body).to.equal('after');
      const rowAfter = await stored(note.id);
      expect(rowAfter.body).not.to.equal(rowBefore.body);
      expect(rowAfter.email).to.equal(rowBefore.email);
      expect((await SecretNote.findByPk(note.id))!.body).to.equal('after');
    });

    it('when save() runs twice without changes, then the stored ciphertext stays as it is', async () => {
      const note = await SecretNote.create({ body: 'stable', email: 'dave@example.org' });
      const first = await stored(note.id);
      await note.save();
      const loaded = (await SecretNote.findByPk(note.id))!;
      await loaded.save();
      expect(await stored(note.id)).to.deep.equal(first);
    });

    it('when an encrypted attribute is set to null, then the column and its blind index become NULL', async () => {
      const note = await SecretNote.create({ body: 'x', email: 'erin@example.org' });
      note.email = null;
      await note.save();
      const row = await stored(note.id);
      expect(row.email).to.equal(null);
      expect(row.email_bidx).to.equal(null);
      expect((await SecretNote.findByPk(note.id))!.email).to.equal(null);
    });

    it('when notes are bulk-created, then each row holds its own ciphertext and the instances read plaintext', async () => {
      const notes = await SecretNote.bulkCreate([
        { body: 'bulk one', email: 'one@example.org' },
        { body: 'bulk two', email: 'two@example.org' },
        { body: 'bulk one', email: 'three@example.org' },
      ]);
      expect(notes.map((n) => n.body)).to.deep.equal(['bulk one', 'bulk two', 'bulk one']);
      const rows = await Promise.all(notes.map((n) => stored(n.id)));
      expect(new Set(rows.map((r) => r.body)).size).to.equal(3);
      for (const r of rows) expect(cipher.kidOf(r.body!)).to.equal(cipher.currentKid);
      const read = await SecretNote.findAll({ order: [['email', 'ASC']] });
      expect(read.map((n) => n.body).sort()).to.deep.equal(['bulk one', 'bulk one', 'bulk two']);
    });

    it('when notes are bulk-created with individual hooks, then each value is encrypted exactly once', async () => {
      const notes = await SecretNote.bulkCreate([{ body: 'solo', email: 'solo@example.org' }], { individualHooks: true });
      expect(notes[0].body).to.equal('solo');
      expect((await SecretNote.findByPk(notes[0].id))!.body).to.equal('solo');
    });

    it('when a save fails after encryption and is retried, then the value is not encrypted twice', async () => {
      const note = SecretNote.build({ body: 'retry me', email: 'retry@example.org', label: 'x'.repeat(500) });
      await rejection(note.save());
      note.label = 'fits now';
      await note.save();
      expect(note.body).to.equal('retry me');
      expect((await SecretNote.findByPk(note.id))!.body).to.equal('retry me');
    });

    it('when notes are read through include from a model without encrypted columns, then they are decrypted too', async () => {
      const folder = await NoteFolder.create({ name: 'Station 3' });
      await SecretNote.create({ body: 'filed note', email: 'filed@example.org', folderId: folder.id });
      const loaded = await NoteFolder.findByPk(folder.id, { include: [SecretNote] });
      expect(loaded!.notes!.map((n) => n.body)).to.deep.equal(['filed note']);
      const back = await SecretNote.findOne({ where: { folderId: folder.id }, include: [NoteFolder] });
      expect(back!.body).to.equal('filed note');
      expect(back!.folder!.name).to.equal('Station 3');
    });
  });

  describe('blind index', () => {
    it('when a note is looked up by e-mail in another case and with spaces, then the blind index finds exactly it', async () => {
      const alice = await SecretNote.create({ body: 'a', email: 'Alice@Example.org' });
      await SecretNote.create({ body: 'b', email: 'alice@example.net' });
      const found = await SecretNote.findAll({ where: blindIndexWhere(SecretNote, 'email', '  ALICE@example.ORG ') });
      expect(found.map((n) => n.id)).to.deep.equal([alice.id]);
      expect(await SecretNote.count({ where: blindIndexWhere(SecretNote, 'email', 'nobody@example.org') })).to.equal(0);
    });

    it('when the e-mail changes, then the old address no longer finds the note and the new one does', async () => {
      const note = await SecretNote.create({ body: 'a', email: 'old@example.org' });
      await note.update({ email: 'new@example.org' });
      expect(await SecretNote.count({ where: blindIndexWhere(SecretNote, 'email', 'old@example.org') })).to.equal(0);
      expect(await SecretNote.count({ where: blindIndexWhere(SecretNote, 'email', 'NEW@example.org') })).to.equal(1);
    });

    it('when a where clause is asked for a column without blind index, then it is refused', () => {
      expect(() => blindIndexWhere(SecretNote, 'body', 'x')).to.throw(EncryptionUsageError, /no blind index/);
    });
  });

  describe('raw reads', () => {
    it('when notes are read with raw: true, then they hold ciphertext, and decryptRawRows turns them into plaintext', async () => {
      const note = await SecretNote.create({ body: 'raw body', email: 'raw@example.org' });
      const raw = await SecretNote.findAll({ raw: true }) as unknown as Array<Record<string, unknown>>;
      expect(String(raw[0].body).startsWith('$gcm2$')).to.equal(true);
      const [plain] = decryptRawRows(SecretNote, raw);
      expect(plain).to.include({ id: note.id, body: 'raw body', email: 'raw@example.org' });
      expect(raw[0].body).not.to.equal('raw body');
      const sqlRows = await kernel.db.sequelize.query<Record<string, unknown>>('SELECT id, body, email, email_bidx FROM enc_fixture_notes', { type: QueryTypes.SELECT });
      expect(decryptRawRows(SecretNote, sqlRows, { keys: 'field' })[0]).to.include({ body: 'raw body', email: 'raw@example.org' });
    });

    it('when raw rows lack the primary key, then decryptRawRows refuses instead of guessing', async () => {
      await SecretNote.create({ body: 'no id', email: null });
      const raw = await SecretNote.findAll({ raw: true, attributes: ['body'] }) as unknown as Array<Record<string, unknown>>;
      expect(() => decryptRawRows(SecretNote, raw)).to.throw(EncryptionUsageError, /primary key/);
    });
  });

  describe('damaged or misplaced values fail closed', () => {
    it('when a stored value was altered, then reading the row raises a DecryptionError naming table, column and row', async () => {
      const note = await SecretNote.create({ body: 'do not alter', email: 'x@example.org' });
      const row = await stored(note.id);
      const payload = row.body!.slice(15);
      const flipped = payload[5] === 'A' ? 'B' : 'A';
      await setStored(note.id, 'body', row.body!.slice(0, 15) + payload.slice(0, 5) + flipped + payload.slice(6));
      for (const read of [() => SecretNote.findByPk(note.id), () => SecretNote.findAll(), () => SecretNote.findOne({ where: { id: note.id } })]) {
        const err = await rejection(read());
        expect(err).to.be.instanceOf(DecryptionError);
        expect((err as DecryptionError).reason).to.equal('authentication-failed');
        expect(err.message).to.include('enc_fixture_notes.body').and.include(note.id).and.not.include('do not alter');
      }
    });

    it('when a value is copied from another row, then reading it fails', async () => {
      const a = await SecretNote.create({ body: 'belongs to A', email: null });
      const b = await SecretNote.create({ body: 'belongs to B', email: null });
      await setStored(b.id, 'body', (await stored(a.id)).body);
      const err = await rejection(SecretNote.findByPk(b.id));
      expect((err as DecryptionError).reason).to.equal('authentication-failed');
      expect((await SecretNote.findByPk(a.id))!.body).to.equal('belongs to A');
    });

    it('when a value is copied from another column of the same row, then reading it fails', async () => {
      const note = await SecretNote.create({ body: 'the body', email: 'the@example.org' });
      await setStored(note.id, 'email', (await stored(note.id)).body);
      expect((await rejection(SecretNote.findByPk(note.id)) as DecryptionError).column).to.equal('email');
    });

    it('when an encrypted column holds plaintext, then reading the row fails instead of returning it', async () => {
      const note = await SecretNote.create({ body: 'soon plaintext', email: null });
      await setStored(note.id, 'body', 'written around the model');
      const err = await rejection(SecretNote.findByPk(note.id));
      expect(err).to.be.instanceOf(DecryptionError);
      expect((err as DecryptionError).reason).to.equal('not-encrypted');
      expect(err.message).not.to.include('written around');
    });
  });

  describe('writes that cannot be encrypted safely are refused', () => {
    it('when Model.update() targets an encrypted attribute, then it is refused and no row changes', async () => {
      const note = await SecretNote.create({ body: 'keep', email: 'keep@example.org' });
      const before = await stored(note.id);
      expect(await rejection(SecretNote.update({ body: 'bulk plaintext' }, { where: { id: note.id } }))).to.be.instanceOf(EncryptionUsageError);
      expect(await rejection(SecretNote.update({ emailIndex: 'f'.repeat(64) }, { where: { id: note.id } }))).to.be.instanceOf(EncryptionUsageError);
      expect(await stored(note.id)).to.deep.equal(before);
      await SecretNote.update({ label: 'relabelled' }, { where: { id: note.id } });
      expect((await stored(note.id)).label).to.equal('relabelled');
    });

    it('when upsert() carries an encrypted attribute, then it is refused', async () => {
      const err = await rejection(SecretNote.upsert({ id: 'b3a1c2d4-0000-4000-8000-000000000001', body: 'upserted' }));
      expect(err).to.be.instanceOf(EncryptionUsageError);
      expect(await SecretNote.count()).to.equal(0);
    });

    it('when encrypted attributes are selected without the primary key, then the read is refused', async () => {
      await SecretNote.create({ body: 'needs its id', email: null });
      expect(await rejection(SecretNote.findAll({ attributes: ['body'] }))).to.be.instanceOf(EncryptionUsageError);
      expect((await SecretNote.findAll({ attributes: ['id', 'body'] }))[0].body).to.equal('needs its id');
    });

    it('when the primary key of a saved note is forced to another value, then saving is refused (its values are bound to the old id)', async () => {
      const note = await SecretNote.create({ body: 'bound to its id', email: null });
      // Plain assignment of a primary key is ignored by Sequelize; setDataValue() gets through.
      note.setDataValue('id', 'c0ffee00-0000-4000-8000-000000000000');
      expect(await rejection(note.save())).to.be.instanceOf(EncryptionUsageError);
      expect(await SecretNote.count({ where: { id: 'c0ffee00-0000-4000-8000-000000000000' } })).to.equal(0);
    });
  });

  describe('inventory and model checks', () => {
    it('when the registry is asked, then it lists every encrypted column with its table and blind index column', () => {
      expect(encryptedColumns(kernel.db.sequelize).filter((c) => c.table === 'enc_fixture_notes')).to.deep.equal([
        { model: 'SecretNote', table: 'enc_fixture_notes', column: 'body', blindIndexColumn: null },
        { model: 'SecretNote', table: 'enc_fixture_notes', column: 'email', blindIndexColumn: 'email_bidx' },
      ]);
    });

    it('when a model with encrypted columns is misdeclared, then its first use fails with a message saying what to fix', () => {
      @Table({ tableName: 'bad_autoincrement' })
      class AutoIncrementNote extends Model {
        @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true }) declare id: number;
        @Encrypted() @Column({ type: DataType.TEXT }) declare body: string;
      }
      @Table({ tableName: 'bad_validator' })
      class ValidatedNote extends Model {
        @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 }) declare id: string;
        @Encrypted() @Column({ type: DataType.TEXT, validate: { len: [1, 10] } }) declare body: string;
      }
      @Table({ tableName: 'bad_index' })
      class MissingIndexNote extends Model {
        @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 }) declare id: string;
        @Encrypted({ blindIndex: 'bodyIndex' }) @Column({ type: DataType.TEXT }) declare body: string;
      }
      @Table({ tableName: 'bad_type' })
      class NumberNote extends Model {
        @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 }) declare id: string;
        @Encrypted() @Column({ type: DataType.INTEGER }) declare amount: number;
      }
      const scratch = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
      scratch.addModels([AutoIncrementNote, ValidatedNote, MissingIndexNote, NumberNote]);
      expect(() => describeEncryptedModel(AutoIncrementNote)).to.throw(EncryptionConfigError, /set by the client/);
      expect(() => describeEncryptedModel(ValidatedNote)).to.throw(EncryptionConfigError, /validators/);
      expect(() => describeEncryptedModel(MissingIndexNote)).to.throw(EncryptionConfigError, /bodyIndex/);
      expect(() => describeEncryptedModel(NumberNote)).to.throw(EncryptionConfigError, /TEXT or STRING/);
    });
  });
});

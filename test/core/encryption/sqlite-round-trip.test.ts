import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { Database, createSequelize } from '../../../core/database/database';
import { silentLogger } from '../../../core/logging/logger';
import { EncryptionConfigError, FieldCipher, KeyRing, KeyRotationService, attachFieldCipher, blindIndexWhere } from '../../../core/encryption';
import { testConfig } from '../../support/kernel';
import { defineEncryptionFixtureModels, type EncryptionFixtureModels } from '../../fixtures/encryption/encryption-fixture.models';
import { KEY_A, KEY_B, SALT } from './encryption-test-keys';

/** The embedded default (no DB_HOST) must encrypt, read and rotate the same way as MariaDB. */
describe('@Encrypted model columns on SQLite', () => {
  let dir: string;
  let db: Database;
  let models: EncryptionFixtureModels;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-enc-sqlite-'));
    const config = testConfig();
    db = new Database(createSequelize({ database: { ...config.database, dialect: 'sqlite', host: null, sqlitePath: path.join(dir, 'enc.sqlite') } }), silentLogger);
    models = defineEncryptionFixtureModels('enc_sqlite');
    db.addModels([models.NoteFolder, models.SecretNote]);
    attachFieldCipher(db.sequelize, new FieldCipher(await KeyRing.fromSecrets({ currentKey: KEY_A, salt: SALT })));
    await db.sequelize.sync();
  });

  after(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when notes are created, updated, bulk-created and read back, then they round-trip and the file holds only ciphertext', async () => {
    const { SecretNote } = models;
    const note = await SecretNote.create({ body: 'Ünïcödé narrative 🚒', email: 'Sqlite@Example.org' });
    await SecretNote.bulkCreate([{ body: '', email: 'two@example.org' }, { body: 'x'.repeat(65_536), email: null }]);
    await note.update({ body: 'updated narrative' });
    const all = await SecretNote.findAll();
    expect(all.map((n) => n.body).sort()).to.deep.equal(['', 'updated narrative', 'x'.repeat(65_536)].sort());
    expect((await SecretNote.findOne({ where: blindIndexWhere(SecretNote, 'email', 'sqlite@example.org') }))!.id).to.equal(note.id);
    const raw = await db.sequelize.query<{ body: string }>('SELECT body FROM enc_sqlite_notes', { type: QueryTypes.SELECT });
    for (const r of raw) expect(r.body.startsWith('$gcm2$')).to.equal(true);
  });

  it('when the key changes and the table is rotated, then every row moves to the new key and still reads', async () => {
    const { SecretNote } = models;
    const ringBA = await KeyRing.fromSecrets({ currentKey: KEY_B, legacyKeys: [KEY_A], salt: SALT });
    const cipherBA = new FieldCipher(ringBA);
    attachFieldCipher(db.sequelize, cipherBA);
    const summary = await new KeyRotationService(db, cipherBA, silentLogger).rotate({ batchSize: 2 });
    expect(summary).to.include({ rows: 3, failureCount: 0 });
    attachFieldCipher(db.sequelize, new FieldCipher(await KeyRing.fromSecrets({ currentKey: KEY_B, salt: SALT })));
    expect((await SecretNote.findAll()).map((n) => n.body)).to.include('updated narrative');
  });

  it('when a database has no cipher attached, then an encrypted model refuses to write rather than store plaintext', async () => {
    const bare = createSequelize({ database: { ...testConfig().database, dialect: 'sqlite', host: null, sqlitePath: path.join(dir, 'bare.sqlite') } });
    const { NoteFolder, SecretNote } = defineEncryptionFixtureModels('enc_bare');
    bare.addModels([NoteFolder, SecretNote]);
    await bare.sync();
    try {
      const err = await SecretNote.create({ body: 'must not be stored' }).then(() => null, (e: Error) => e);
      expect(err).to.be.instanceOf(EncryptionConfigError);
      expect(await SecretNote.count()).to.equal(0);
    } finally {
      await bare.close();
    }
  });
});

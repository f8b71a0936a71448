import { Writable } from 'node:stream';
import { expect } from 'chai';
import { Container } from 'inversify';
import { QueryTypes } from 'sequelize';
import { Database, createSequelize } from '../../../core/database/database';
import { createLogger } from '../../../core/logging/logger';
import { DecryptionError, FieldCipher, KeyRing, KeyRotationService, bindFieldEncryption, attachFieldCipher, blindIndexWhere } from '../../../core/encryption';
import { testConfig } from '../../support/kernel';
import { defineEncryptionFixtureModels } from '../../fixtures/encryption/encryption-fixture.models';
import { KEY_A, KEY_C, SALT, expectedSubkeys, keyForms } from './encryption-test-keys';

/** Collects everything a logger writes. */
class MemoryStream extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('field encryption and the logs (trace level, MariaDB)', () => {
  it('when values are written, read, found, rotated and tampered with under a trace logger, then neither plaintext nor key material reaches the log', async function () {
    this.timeout(30_000);
    const config = testConfig();
    const stream = new MemoryStream();
    const logger = createLogger({ ...config, logLevel: 'trace', logFormat: 'json' }, stream);
    const db = new Database(createSequelize(config, logger), logger);
    const { NoteFolder, SecretNote } = defineEncryptionFixtureModels('enc_logs');
    db.addModels([NoteFolder, SecretNote]);
    const secrets = ['SENTINEL-NARRATIVE-4f1e9c', 'sentinel.member@example.org', 'SENTINEL-UPDATED-77aa0b'];
    try {
      await db.sequelize.sync({ force: true });
      // Rows under key A first, then the "restarted" process with C current and A legacy, wired as the kernel does.
      attachFieldCipher(db.sequelize, new FieldCipher(await KeyRing.fromSecrets({ currentKey: KEY_A, salt: SALT })));
      const old = await SecretNote.create({ body: secrets[0], email: secrets[1] });
      const container = new Container();
      bindFieldEncryption(container, { keyRing: await KeyRing.fromSecrets({ currentKey: KEY_C, legacyKeys: [KEY_A], salt: SALT }), db, logger });
      const fresh = await SecretNote.create({ body: secrets[0], email: secrets[1] });
      await fresh.update({ body: secrets[2] });
      expect((await SecretNote.findOne({ where: blindIndexWhere(SecretNote, 'email', secrets[1]) }))!.body).to.be.a('string');
      expect((await SecretNote.findAll()).map((n) => n.body).sort()).to.deep.equal([secrets[0], secrets[2]]);
      const summary = await container.get(KeyRotationService).rotate({ batchSize: 1 });
      expect(summary.rows).to.equal(1);
      // Tampering: the value relabelled as written by the legacy key (this SQL is logged too, so it carries no plaintext).
      const cipher = container.get(FieldCipher);
      await db.sequelize.query('UPDATE enc_logs_notes SET body = REPLACE(body, :current, :legacy) WHERE id = :id', { replacements: { current: cipher.currentKid, legacy: cipher.keyRing.legacy[0].kid, id: old.id } });
      const err = await SecretNote.findByPk(old.id).then(() => null, (e: Error) => e);
      expect(err).to.be.instanceOf(DecryptionError);
      // What the HTTP error handler and the rotation do with such an error: log it.
      logger.error({ err }, 'request failed');
      expect((await container.get(KeyRotationService).rotate()).failureCount).to.equal(1);
      const stored = await db.sequelize.query<{ body: string }>('SELECT body FROM enc_logs_notes', { type: QueryTypes.SELECT });
      expect(stored.length).to.equal(2);
    } finally {
      await db.sequelize.getQueryInterface().dropTable('enc_logs_notes').catch(() => undefined);
      await db.sequelize.getQueryInterface().dropTable('enc_logs_folders').catch(() => undefined);
      await db.close();
    }

    const log = stream.text;
    // The log really was written at trace level: SQL, the key ring, the rotation and the error are all in it.
    expect(log).to.include('"msg":"sql"').and.include('field encryption ready').and.include('key rotation finished').and.include('cannot be decrypted').and.include('DecryptionError');
    const forbidden = [
      ...secrets, KEY_A, KEY_C, SALT,
      ...keyForms(expectedSubkeys(KEY_A).encryption), ...keyForms(expectedSubkeys(KEY_A).blindIndex),
      ...keyForms(expectedSubkeys(KEY_C).encryption), ...keyForms(expectedSubkeys(KEY_C).blindIndex),
    ];
    for (const value of forbidden) expect(log.includes(value), `log contains a forbidden value (#${forbidden.indexOf(value)})`).to.equal(false);
  });
});

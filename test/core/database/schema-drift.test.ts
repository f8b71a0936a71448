import { expect } from 'chai';
import { DataTypes, Sequelize, type QueryInterface } from 'sequelize';
import { getTestKernel } from '../../support/kernel';
import { TEST_ENV } from '../../support/env';
import { schemaDrift } from './schema-drift';

describe('schema drift: registered models against the migrated MariaDB database', () => {
  it('when every migration is applied, then every model (core and every installed module) matches its table, columns and indexes', async () => {
    const kernel = await getTestKernel();
    const models = Object.values(kernel.db.sequelize.models);
    const tables = models.map((m) => String(m.getTableName()));
    expect(tables, 'core and fixture models are registered').to.include.members(['organizations', 'module_config', 'fixture_notes']);
    expect(await schemaDrift(models, kernel.db.sequelize.getQueryInterface())).to.deep.equal([]);
  });

  describe('the drift check itself, on deliberately wrong tables', () => {
    // A Sequelize of its own: probe models must never join the kernel's registry.
    const sequelize = new Sequelize({
      dialect: 'mysql', host: TEST_ENV.DB_HOST, port: Number(TEST_ENV.DB_PORT), username: TEST_ENV.DB_USER,
      password: TEST_ENV.DB_PASSWORD, database: TEST_ENV.DB_NAME, logging: false, define: { underscored: true },
    });
    let qi: QueryInterface;

    const defineProbes = () => {
      const a = sequelize.define('DriftProbeA', {
        id: { type: DataTypes.UUID, primaryKey: true },
        name: { type: DataTypes.STRING(50), allowNull: false },
        note: { type: DataTypes.STRING(50) },
        code: { type: DataTypes.STRING(20), unique: true },
      }, {
        tableName: 'drift_probe_a',
        indexes: [
          { name: 'drift_probe_name_idx', fields: ['name'] },
          { name: 'drift_probe_pair_idx', unique: true, fields: ['name', 'code'] },
          { name: 'drift_probe_note_idx', fields: ['note'] },
        ],
      });
      const b = sequelize.define('DriftProbeB', {
        id: { type: DataTypes.UUID, primaryKey: true },
        name: { type: DataTypes.STRING(50), allowNull: false },
      }, { tableName: 'drift_probe_b', indexes: [{ name: 'drift_probe_name_idx', fields: ['name'] }] });
      const missing = sequelize.define('DriftProbeMissing', { id: { type: DataTypes.UUID, primaryKey: true } }, { tableName: 'drift_probe_missing' });
      return [a, b, missing];
    };

    before(async () => {
      await getTestKernel(); // the run's database exists and is migrated
      qi = sequelize.getQueryInterface();
      const timestamps = { created_at: { type: DataTypes.DATE(3), allowNull: false }, updated_at: { type: DataTypes.DATE(3), allowNull: false } };
      await qi.createTable('drift_probe_a', {
        id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
        name: { type: DataTypes.STRING(50), allowNull: true },
        code: { type: DataTypes.STRING(20), allowNull: true },
        legacy: { type: DataTypes.STRING(20), allowNull: false },
        ...timestamps,
      });
      await qi.addIndex('drift_probe_a', ['name'], { name: 'drift_probe_name_idx', unique: true });
      await qi.addIndex('drift_probe_a', ['code', 'name'], { name: 'drift_probe_pair_idx', unique: true });
      await qi.addIndex('drift_probe_a', ['legacy'], { name: 'drift_probe_legacy_unique', unique: true });
      await qi.createTable('drift_probe_b', {
        id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
        name: { type: DataTypes.STRING(50), allowNull: false },
        ...timestamps,
      });
      // MySQL allows the same index name on two tables; SQLite does not, and neither do we.
      await qi.addIndex('drift_probe_b', ['name'], { name: 'drift_probe_name_idx' });
    });

    after(async () => {
      await qi?.dropTable('drift_probe_a').catch(() => undefined);
      await qi?.dropTable('drift_probe_b').catch(() => undefined);
      await sequelize.close();
    });

    it('when tables, columns and indexes differ from the models, then each difference is reported on its own line', async () => {
      const problems = await schemaDrift(defineProbes(), qi);
      expect(problems).to.have.members([
        'drift_probe_a.name: the model says NOT NULL, the database has NULL',
        'drift_probe_a.note: the model declares it, the table has no such column',
        'drift_probe_a.legacy: NOT NULL without a default, and the model does not know the column (inserts would fail)',
        'drift_probe_a: index drift_probe_name_idx is not unique in the model, unique in the database',
        'drift_probe_a: index drift_probe_pair_idx covers (name, code) in the model, (code, name) in the database',
        'drift_probe_a: index drift_probe_note_idx is declared by the model but missing in the database',
        'drift_probe_a: the model declares code unique, the database has no unique index on exactly that',
        'drift_probe_a: unique index drift_probe_legacy_unique (legacy) exists in the database but the model does not declare it',
        'drift_probe_missing: model DriftProbeMissing has no table',
        'index name drift_probe_name_idx is declared more than once',
        'index name drift_probe_name_idx exists more than once in the database',
      ]);
    });
  });
});

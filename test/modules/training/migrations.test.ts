import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { Migrator } from '../../../core/database/migrator';
import { migrationFolders } from '../../../core/kernel/kernel';
import { silentLogger } from '../../../core/logging/logger';
import { scratchDatabase, type ScratchDatabase } from '../../core/database/scratch-databases';
import { schemaDrift } from '../../core/database/schema-drift';
import trainingManifest from '../../../modules/training/training.module';

const TRAINING_TABLES = ['training_categories', 'training_cert_alerts', 'training_courses', 'training_records', 'training_requirements', 'training_waivers'];

describe('training migrations on MariaDB (a scratch database)', () => {
  let scratch: ScratchDatabase;
  let migrator: Migrator;
  let names: string[];

  before(async () => {
    const kernel = await getTestKernel();
    scratch = await scratchDatabase('mysql', 'trn');
    migrator = new Migrator(scratch.open(), migrationFolders(kernel.modules), silentLogger, null);
    names = migrator.discover().map((m) => m.name);
  });

  after(async () => {
    await scratch?.remove();
  });

  it('when everything is migrated up, then the six training tables exist and match the models', async () => {
    await migrator.up();
    expect(await scratch.tables()).to.include.members(TRAINING_TABLES);
    const db = scratch.open();
    expect(await schemaDrift(trainingManifest.models, db.sequelize.getQueryInterface())).to.deep.equal([]);
  });

  it('when the training migrations are reverted, then their tables are gone and the core\'s remain; up again restores them', async () => {
    const training = names.filter((n) => n.includes('.training.'));
    expect(training).to.have.length(6);
    const firstTraining = names.indexOf(training[0]);
    const reverted = await migrator.down({ to: training[0] });
    expect(reverted.sort()).to.deep.equal(names.slice(firstTraining).sort());
    const tables = await scratch.tables();
    expect(tables.filter((t) => t.startsWith('training_'))).to.deep.equal([]);
    expect(tables).to.include.members(['users', 'organizations', 'audit_logs', 'module_config']);
    expect(await migrator.up()).to.deep.equal(names.slice(firstTraining));
    expect(await scratch.tables()).to.include.members(TRAINING_TABLES);
  });
});

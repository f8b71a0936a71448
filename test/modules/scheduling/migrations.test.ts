import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { Migrator } from '../../../core/database/migrator';
import { migrationFolders } from '../../../core/kernel/kernel';
import { silentLogger } from '../../../core/logging/logger';
import { scratchDatabase, type ScratchDatabase } from '../../core/database/scratch-databases';

const TABLES = ['scheduling_shifts', 'scheduling_assignments', 'scheduling_templates', 'scheduling_patterns', 'scheduling_swap_requests', 'scheduling_time_off', 'scheduling_feed_tokens'];

for (const dialect of ['mysql', 'sqlite'] as const) {
  describe(`scheduling migrations up, down and up again (${dialect === 'mysql' ? 'MariaDB' : 'SQLite'} scratch database)`, () => {
    let scratch: ScratchDatabase;

    after(async () => {
      await scratch?.remove();
    });

    it('when the module\'s migrations are applied and reverted, then exactly its tables come and go, with the unique keys the invariants need', async () => {
      const kernel = await getTestKernel();
      scratch = await scratchDatabase(dialect, 'sched');
      const db = scratch.open();
      const migrator = new Migrator(db, migrationFolders(kernel.modules), silentLogger, dialect === 'sqlite' ? scratch.config.database.sqlitePath : null);
      const mine = migrator.discover().map((m) => m.name).filter((n) => n.includes('.scheduling.'));
      expect(mine).to.have.length(TABLES.length);
      await migrator.up();
      expect(await scratch.tables()).to.include.members(TABLES);
      const indexes = await db.sequelize.getQueryInterface().showIndex('scheduling_assignments') as Array<{ name: string; unique: boolean }>;
      expect(indexes.filter((i) => i.unique).map((i) => i.name)).to.include.members(['scheduling_assignments_seat_unique', 'scheduling_assignments_member_unique']);
      const all = migrator.discover().map((m) => m.name);
      const before = all[all.indexOf(mine[0]) - 1];
      await migrator.down({ to: mine[0] });
      const left = await scratch.tables();
      for (const t of TABLES) expect(left, t).not.to.include(t);
      expect(left, 'the core stays').to.include('organizations');
      expect((await migrator.status()).executed.map((m) => m.name)).to.include(before);
      await migrator.up();
      expect(await scratch.tables()).to.include.members(TABLES);
    });
  });
}

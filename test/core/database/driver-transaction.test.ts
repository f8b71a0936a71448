import { expect } from 'chai';
import { DatabaseError, QueryTypes, Transaction } from 'sequelize';
import type { Kernel } from '../../../core/kernel/kernel';
import { canRunOnDriver, runOnDriver } from '../../../core/database/driver-transaction';
import { isDatabaseUnavailable } from '../../../core/database/database';
import { getTestKernel } from '../../support/kernel';

const TABLE = 'driver_tx_probe';

describe('database: transactions driven on the MariaDB connection', () => {
  let kernel: Kernel;
  const count = async () => (await kernel.db.plain.select<{ n: number }>(`SELECT COUNT(*) AS n FROM ${TABLE}`, []))[0].n;
  const connectionId = async (tx: Transaction) => Number((await kernel.db.sequelize.query<{ id: number }>('SELECT CONNECTION_ID() AS id', { transaction: tx, type: QueryTypes.SELECT }))[0].id);

  before(async () => {
    kernel = await getTestKernel();
    expect(kernel.db.dialect).to.equal('mysql');
    await kernel.db.sequelize.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id INT PRIMARY KEY, name VARCHAR(40) NULL) ENGINE=InnoDB`);
  });

  beforeEach(async () => { await kernel.db.sequelize.query(`DELETE FROM ${TABLE}`); });
  after(async () => { await kernel.db.sequelize.query(`DROP TABLE IF EXISTS ${TABLE}`); });

  it('when the work succeeds, then models, raw queries and plain SQL share one connection, the rows commit, and afterCommit hooks run after COMMIT', async () => {
    const seenByHook: number[] = [];
    const result = await kernel.db.transaction(async (tx) => {
      await kernel.db.plain.write(`INSERT INTO ${TABLE} (id, name) VALUES (?, ?)`, [1, 'plain'], tx);
      await kernel.db.sequelize.query(`INSERT INTO ${TABLE} (id, name) VALUES (2, 'sequelize')`, { transaction: tx });
      const [viaPlain] = await kernel.db.plain.select<{ id: number }>('SELECT CONNECTION_ID() AS id', [], tx);
      expect(Number(viaPlain.id)).to.equal(await connectionId(tx));
      // Another connection cannot see the rows yet: the work is really inside a transaction.
      expect(await count()).to.equal(0);
      tx.afterCommit(async () => { seenByHook.push(await count()); });
      return 'done';
    });
    expect(result).to.equal('done');
    expect(seenByHook).to.deep.equal([2]);
    expect(await count()).to.equal(2);
  });

  it('when the work fails, then everything rolls back, the transaction reads as finished, and every connection goes back to the pool', async () => {
    let seen: Transaction | undefined;
    for (let i = 0; i < kernel.config.database.poolMax + 2; i++) {
      const err = await kernel.db.transaction(async (tx) => {
        seen = tx;
        await kernel.db.plain.write(`INSERT INTO ${TABLE} (id, name) VALUES (?, ?)`, [i, 'rolled back'], tx);
        throw new Error('work failed');
      }).catch((e: Error) => e);
      expect((err as Error).message).to.equal('work failed');
    }
    expect((seen as unknown as { finished?: string }).finished).to.equal('rollback');
    expect(await count()).to.equal(0);
    // More transactions than the pool has connections: had a failed one kept its connection, this would time out.
    await kernel.db.transaction(async (tx) => { await kernel.db.plain.write(`INSERT INTO ${TABLE} (id) VALUES (?)`, [99], tx); });
    expect(await count()).to.equal(1);
  });

  it('when COMMIT fails, then it fails, afterCommit hooks never run, and the dead connection is not handed out again', async () => {
    const hooks: string[] = [];
    const failure = await kernel.db.transaction(async (tx) => {
      const id = await connectionId(tx);
      await kernel.db.plain.write(`INSERT INTO ${TABLE} (id) VALUES (?)`, [7], tx);
      tx.afterCommit(() => { hooks.push('sequelize-style'); });
      kernel.db.afterCommitted(tx, () => hooks.push('ours'));
      kernel.db.beforeCommit(tx, async () => {
        await kernel.db.sequelize.query(`KILL CONNECTION ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
    }).then(() => null, (err: unknown) => err);
    expect(failure).to.be.instanceOf(Error);
    expect(hooks).to.deep.equal([]);
    expect(await count()).to.equal(0);
    for (let i = 0; i < kernel.config.database.poolMax + 1; i++) {
      await kernel.db.transaction(async (tx) => { await kernel.db.plain.write(`INSERT INTO ${TABLE} (id) VALUES (?)`, [100 + i], tx); });
    }
    expect(await count()).to.equal(kernel.config.database.poolMax + 1);
  });

  it('when COMMIT fails, then runOnDriver rejects with Sequelize\'s DatabaseError around the driver\'s error, as Sequelize\'s own COMMIT did', async () => {
    const err = await runOnDriver(kernel.db.sequelize, {}, async (tx) => {
      await kernel.db.sequelize.query(`KILL CONNECTION ${await connectionId(tx)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }).then(() => null, (e: unknown) => e) as DatabaseError | null;
    expect(err).to.be.instanceOf(DatabaseError);
    expect(err!.sql).to.equal('COMMIT');
    // mysql2 marks an error that ends the connection as fatal: that reads as "database unavailable" (503).
    expect(err!.original).to.have.property('fatal', true);
    expect(isDatabaseUnavailable(err)).to.equal(true);
  });

  it('when READ COMMITTED is asked for, then a second read sees another connection\'s commit; under the default REPEATABLE READ it does not', async () => {
    const secondRead = (options: { isolationLevel?: Transaction.ISOLATION_LEVELS }) => kernel.db.transaction(async (tx) => {
      const first = await kernel.db.plain.select<{ n: number }>(`SELECT COUNT(*) AS n FROM ${TABLE}`, [], tx);
      await kernel.db.plain.write(`INSERT INTO ${TABLE} (id) VALUES (?)`, [first[0].n + 1000]);
      return (await kernel.db.plain.select<{ n: number }>(`SELECT COUNT(*) AS n FROM ${TABLE}`, [], tx))[0].n - first[0].n;
    }, options);
    expect(await secondRead({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED })).to.equal(1);
    expect(await secondRead({})).to.equal(0);
  });

  it('when options need Sequelize (a savepoint, a read-only or typed transaction), then they are not driven here', () => {
    expect(canRunOnDriver({})).to.equal(true);
    expect(canRunOnDriver({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE })).to.equal(true);
    expect(canRunOnDriver({ isolationLevel: 'READ COMMITTED; DROP TABLE users' as Transaction.ISOLATION_LEVELS })).to.equal(false);
    expect(canRunOnDriver({ transaction: {} as Transaction })).to.equal(false);
    expect(canRunOnDriver({ readOnly: true })).to.equal(false);
    expect(canRunOnDriver({ type: Transaction.TYPES.IMMEDIATE })).to.equal(false);
  });
});

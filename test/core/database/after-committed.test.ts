import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { Kernel } from '../../../core/kernel/kernel';
import { getTestKernel } from '../../support/kernel';

describe('database: afterCommitted callbacks', () => {
  let kernel: Kernel;

  before(async () => {
    kernel = await getTestKernel();
  });

  it('when the transaction commits, then the callbacks run once, in order, before transaction() resolves', async () => {
    const calls: string[] = [];
    const result = await kernel.db.transaction(async (tx) => {
      kernel.db.afterCommitted(tx, () => calls.push('first'));
      kernel.db.beforeCommit(tx, async () => { kernel.db.afterCommitted(tx, () => calls.push('from before-commit')); });
      kernel.db.afterCommitted(tx, () => { throw new Error('a failing callback'); });
      kernel.db.afterCommitted(tx, () => calls.push('after the failing one'));
      expect(calls).to.deep.equal([]);
      return 42;
    });
    expect(result).to.equal(42);
    expect(calls).to.deep.equal(['first', 'after the failing one', 'from before-commit']);
  });

  it('when the work or a before-commit hook fails, then they never run', async () => {
    const calls: string[] = [];
    await kernel.db.transaction(async (tx) => {
      kernel.db.afterCommitted(tx, () => calls.push('work failed'));
      throw new Error('work');
    }).catch(() => undefined);
    await kernel.db.transaction(async (tx) => {
      kernel.db.afterCommitted(tx, () => calls.push('hook failed'));
      kernel.db.beforeCommit(tx, async () => { throw new Error('hook'); });
    }).catch(() => undefined);
    expect(calls).to.deep.equal([]);
  });

  it('when COMMIT itself fails, then they never run (Sequelize 6 runs its own afterCommit hooks in a finally, so those do)', async () => {
    const calls: string[] = [];
    const warn = console.warn; // Sequelize warns about the failed COMMIT
    console.warn = () => undefined;
    const failure = await kernel.db.transaction(async (tx) => {
      const [{ id }] = await kernel.db.sequelize.query<{ id: number }>('SELECT CONNECTION_ID() AS id', { transaction: tx, type: QueryTypes.SELECT });
      kernel.db.afterCommitted(tx, () => calls.push('ours'));
      tx.afterCommit(() => { calls.push('sequelize'); });
      kernel.db.beforeCommit(tx, async () => {
        await kernel.db.sequelize.query(`KILL CONNECTION ${Number(id)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
    }).then(() => null, (err: Error) => err).finally(() => { console.warn = warn; });
    expect(failure).to.be.instanceOf(Error);
    expect(calls).not.to.include('ours');
  });

  it('when a savepoint is released, then its callbacks wait for the outer COMMIT, and never run if the outer transaction rolls back', async () => {
    const calls: string[] = [];
    await kernel.db.transaction(async (outer) => {
      await kernel.db.transaction(async (inner) => { kernel.db.afterCommitted(inner, () => calls.push('inner')); }, { transaction: outer });
      expect(calls).to.deep.equal([]);
      kernel.db.afterCommitted(outer, () => calls.push('outer'));
    });
    expect(calls).to.deep.equal(['inner', 'outer']);

    calls.length = 0;
    await kernel.db.transaction(async (outer) => {
      await kernel.db.transaction(async (inner) => { kernel.db.afterCommitted(inner, () => calls.push('inner')); }, { transaction: outer });
      throw new Error('outer fails');
    }).catch(() => undefined);
    expect(calls).to.deep.equal([]);
  });
});

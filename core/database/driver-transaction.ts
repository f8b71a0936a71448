import { DatabaseError, Transaction, type Sequelize, type TransactionOptions } from 'sequelize';
import { sendOn, type PoolManager, type RawConnection } from './plain-sql';

/** A pooled connection, tagged with the id of the transaction holding it (as Sequelize tags it). */
type PooledConnection = RawConnection & { uuid?: string };

/** What Sequelize keeps on a Transaction and we drive ourselves here. */
interface DrivenTransaction {
  id: string;
  connection?: PooledConnection;
  finished?: 'commit' | 'rollback';
  _afterCommitHooks: Array<(tx: Transaction) => unknown>;
}

const LEVELS = new Set<string>(Object.values(Transaction.ISOLATION_LEVELS));

/** True when runOnDriver() can take these options: none, or an isolation level (savepoints and the rest go through Sequelize). */
export function canRunOnDriver(options: TransactionOptions): boolean {
  return Object.keys(options).every((key) => key === 'isolationLevel') && (options.isolationLevel === undefined || LEVELS.has(options.isolationLevel));
}

/**
 * A MySQL/MariaDB transaction whose START TRANSACTION, COMMIT and ROLLBACK go to the driver directly
 * on a connection from Sequelize's pool. It hands `work` a real Sequelize Transaction holding that
 * connection, so models, raw queries and Database.plain all run in it as before; what is skipped is
 * Sequelize's per-transaction machinery (two queries through its query pipeline, continuation-local
 * bookkeeping), which cost a sign-in about as much event-loop time as the rest of its statements.
 *
 * Differences from sequelize.transaction(), both on purpose: `tx.afterCommit()` hooks run only once
 * COMMIT has succeeded (Sequelize runs them after a failed COMMIT too), and a connection whose
 * COMMIT or ROLLBACK failed is destroyed, never returned to the pool, as Sequelize does. Driver
 * errors from those statements are wrapped in Sequelize's DatabaseError, the shape its own
 * transaction statements failed with.
 */
export async function runOnDriver<T>(sequelize: Sequelize, options: TransactionOptions, work: (tx: Transaction) => Promise<T>): Promise<[Transaction, T]> {
  const pool = sequelize.connectionManager as unknown as PoolManager;
  const tx = new Transaction(sequelize, options);
  const driven = tx as unknown as DrivenTransaction;
  const conn = await pool.getConnection({ uuid: driven.id }) as PooledConnection;
  driven.connection = conn;
  conn.uuid = driven.id;
  let value: T;
  try {
    // Values are checked against Sequelize's own list (canRunOnDriver), so the text is one of four.
    if (options.isolationLevel) await statement(conn, `SET TRANSACTION ISOLATION LEVEL ${options.isolationLevel}`);
    await statement(conn, 'START TRANSACTION');
    value = await work(tx);
  } catch (err) {
    driven.finished = 'rollback';
    await statement(conn, 'ROLLBACK').then(() => release(pool, conn), () => destroy(pool, conn));
    throw err;
  }
  driven.finished = 'commit';
  try {
    await statement(conn, 'COMMIT');
  } catch (err) {
    // The outcome is unknown to us: the connection must not carry it into someone else's work.
    await destroy(pool, conn);
    throw err;
  }
  release(pool, conn);
  for (const hook of driven._afterCommitHooks) await hook(tx);
  return [tx, value];
}

async function statement(conn: RawConnection, sql: string): Promise<void> {
  try {
    await sendOn(conn, sql, []);
  } catch (err) {
    throw new DatabaseError(Object.assign(err as Error, { sql }));
  }
}

function release(pool: PoolManager, conn: PooledConnection): void {
  conn.uuid = undefined;
  pool.releaseConnection(conn);
}

async function destroy(pool: PoolManager, conn: PooledConnection): Promise<void> {
  conn.uuid = undefined;
  await pool.destroyConnection(conn).catch(() => undefined);
}

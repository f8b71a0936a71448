import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Transaction } from 'sequelize';
import type { Kernel } from '../kernel/kernel';
import { AuditService } from '../audit/audit.service';
import { readMirroredCheckpoint } from '../audit/checkpoint-mirror';
import { rowToCheckpoint } from '../audit/checkpoint-store';
import type { SignedCheckpoint } from '../audit/checkpoint-signer';
import type { VerifyReport } from '../audit/verify.types';
import { MIGRATIONS_TABLE } from '../database/migrator';
import { BackupDecryptStream, BackupEncryptStream, BackupFormatError, deriveBackupKey, type BackupKeyHeader } from './backup-cipher';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupAuditHead, type BackupHeader, type BackupLine, type BackupRows } from './backup-content';
import { databaseIsEmpty, decodeCell, openTableSnapshot, quoteIdentifier, type TableInfo } from './table-snapshot';

/** A restore that must not go ahead, with the reason in words an admin acts on. */
export class RestoreRefused extends Error {}

export interface BackupSummary { file: string; tables: number; rows: number; auditHeads: BackupAuditHead[] }
export interface RestoreOptions { allowRollback?: boolean }
export interface RestoreSummary { tables: number; rows: number; rolledBack: string[]; verify: VerifyReport }

/** BACKUP_KEY when set (a key kept apart from the server's), else ENCRYPTION_KEY. */
function backupSecret(kernel: Kernel): { secret: string; name: BackupKeyHeader['secret'] } {
  const own = kernel.config.secrets.backupKey;
  return own ? { secret: own, name: 'BACKUP_KEY' } : { secret: kernel.config.secrets.encryptionKey, name: 'ENCRYPTION_KEY' };
}

/**
 * `logbook backup`: one consistent snapshot of every table, as JSON lines, gzip-compressed and
 * encrypted (backup-cipher.ts), written to a temporary file and renamed into place, mode 0600.
 */
export async function writeBackup(kernel: Kernel, outFile: string): Promise<BackupSummary> {
  const snapshot = await openTableSnapshot(kernel.config, kernel.db);
  const tmp = path.join(path.dirname(outFile), `.${path.basename(outFile)}.${process.pid}.tmp`);
  let rows = 0;
  try {
    const tables = await snapshot.tables();
    const migrations = (await snapshot.select(`SELECT name FROM ${quoteIdentifier(MIGRATIONS_TABLE)} ORDER BY name`)).map((r) => String(r.name));
    const heads = tables.some((t) => t.name === 'audit_chain_heads')
      ? (await snapshot.select('SELECT chain_id, last_seq, last_hash FROM audit_chain_heads ORDER BY chain_id')).map((r) => ({ chain_id: String(r.chain_id), last_seq: Number(r.last_seq), last_hash: String(r.last_hash) }))
      : [];
    const checkpoints = tables.some((t) => t.name === 'audit_checkpoints')
      ? (await snapshot.select('SELECT c.* FROM audit_checkpoints c JOIN (SELECT chain_id, MAX(last_seq) AS m FROM audit_checkpoints GROUP BY chain_id) n ON n.chain_id = c.chain_id AND n.m = c.last_seq')).map(rowToCheckpoint)
      : [];
    const header: BackupHeader = {
      type: 'header', format: BACKUP_FORMAT, version: BACKUP_VERSION, created_at: new Date().toISOString(),
      app_version: kernel.config.version, dialect: kernel.db.dialect, migrations, tables, audit_heads: heads, checkpoints,
    };
    async function* lines(): AsyncGenerator<string> {
      yield JSON.stringify(header) + '\n';
      const counts: Record<string, number> = {};
      for (const table of tables) {
        counts[table.name] = 0;
        for await (const batch of snapshot.rows(table)) {
          counts[table.name] += batch.length;
          rows += batch.length;
          yield JSON.stringify({ type: 'rows', table: table.name, rows: batch } satisfies BackupLine) + '\n';
        }
      }
      yield JSON.stringify({ type: 'end', row_counts: counts } satisfies BackupLine) + '\n';
    }
    const { secret, name } = backupSecret(kernel);
    await pipeline(Readable.from(lines()), zlib.createGzip(), BackupEncryptStream.create(secret, name), fs.createWriteStream(tmp, { mode: 0o600 }));
    await fs.promises.rename(tmp, outFile);
    return { file: outFile, tables: tables.length, rows, auditHeads: heads };
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  } finally {
    await snapshot.close();
  }
}

/** The content lines of a backup file, decrypted (and authenticated) and decompressed as they are read. */
function readBackupLines(kernel: Kernel, file: string): AsyncIterable<string> {
  const decrypt = new BackupDecryptStream((header) => {
    const { secret, name } = backupSecret(kernel);
    if (header.secret !== name) throw new BackupFormatError(`the backup was encrypted with ${header.secret}; set it (this server uses ${name})`);
    return deriveBackupKey(secret, Buffer.from(header.salt, 'base64'));
  });
  const gunzip = zlib.createGunzip();
  const source = fs.createReadStream(file);
  // Errors of any stage end the line reader below with that stage's error.
  pipeline(source, decrypt, gunzip).catch((err: Error) => gunzip.destroy(err));
  return readline.createInterface({ input: gunzip, crlfDelay: Infinity });
}

function parseLine(line: string): BackupLine {
  try {
    return JSON.parse(line) as BackupLine;
  } catch {
    throw new BackupFormatError('the backup content is damaged (a line is not JSON)');
  }
}

/** What one walk through a backup saw: its header and the rows of each table. */
interface BackupWalk { header: BackupHeader; counts: Record<string, number> }

/**
 * Reads a backup from start to end: authenticated, well formed, every table's row count as the end
 * line says. `onRows` gets each batch as it is read; a failure anywhere throws, and nothing read
 * after a damaged spot is ever passed on.
 */
async function walkBackup(kernel: Kernel, file: string, onRows?: (table: TableInfo, rows: BackupRows['rows']) => Promise<void>): Promise<BackupWalk> {
  let header: BackupHeader | null = null;
  let tables = new Map<string, TableInfo>();
  let end: Record<string, number> | null = null;
  const counts: Record<string, number> = {};
  for await (const text of readBackupLines(kernel, file)) {
    if (!text) continue;
    const line = parseLine(text);
    if (end) throw new BackupFormatError('the backup has content after its end');
    if (!header) {
      if (line.type !== 'header' || line.format !== BACKUP_FORMAT) throw new BackupFormatError('not a Logbook backup');
      if (line.version !== BACKUP_VERSION) throw new RestoreRefused(`backup format version ${String(line.version)} is not supported by this version (${BACKUP_VERSION})`);
      header = line;
      tables = new Map(header.tables.map((t) => [t.name, t]));
    } else if (line.type === 'rows' && tables.has(line.table) && Array.isArray(line.rows)) {
      await onRows?.(tables.get(line.table)!, line.rows);
      counts[line.table] = (counts[line.table] ?? 0) + line.rows.length;
    } else if (line.type === 'end') {
      end = line.row_counts;
    } else {
      throw new BackupFormatError('the backup content is damaged (unexpected line)');
    }
  }
  if (!header) throw new BackupFormatError('the backup is empty');
  if (!end) throw new BackupFormatError('the backup is truncated (no end marker)');
  for (const [name, n] of Object.entries(end)) {
    if ((counts[name] ?? 0) !== n) throw new BackupFormatError(`the backup is damaged (${name}: ${counts[name] ?? 0} rows, ${n} expected)`);
  }
  return { header, counts };
}

/**
 * Chains whose audit log had gone further than the backup reaches, as far as the checkpoints kept
 * outside the database (Redis, AUDIT_CHECKPOINT_SINK) tell: restoring would silently drop audited events.
 */
async function rollbacks(kernel: Kernel, header: BackupHeader): Promise<string[]> {
  const audit = kernel.container.get(AuditService);
  const inBackup = new Map(header.audit_heads.map((h) => [h.chain_id, h.last_seq]));
  const newest = new Map<string, SignedCheckpoint>();
  const consider = (cp: SignedCheckpoint | null) => {
    if (cp && (newest.get(cp.chain_id)?.last_seq ?? 0) < cp.last_seq) newest.set(cp.chain_id, cp);
  };
  for (const chainId of inBackup.keys()) consider(await readMirroredCheckpoint(kernel.cache, chainId).catch(() => null));
  if (audit.sink) for (const cp of (await audit.sink.read()).checkpoints) consider(cp);
  const problems: string[] = [];
  for (const [chainId, cp] of newest) {
    const backupSeq = inBackup.get(chainId) ?? 0;
    if (cp.last_seq > backupSeq) {
      problems.push(`audit chain ${chainId} reached entry ${cp.last_seq} (checkpoint of ${cp.created_at}); the backup ends at ${backupSeq}: ${cp.last_seq - backupSeq} audited events would be lost`);
    }
  }
  return problems;
}

/**
 * `logbook restore`: into an empty database only. Checks the backup (format, migrations this code
 * knows, no audit rollback unless allowed) before writing anything; builds the schema with the
 * same migrations; loads every table in one transaction; applies newer migrations; then verifies
 * the audit log.
 */
export async function restoreBackup(kernel: Kernel, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  if (!fs.existsSync(file)) throw new RestoreRefused(`${file}: no such file`);
  // A first pass authenticates the whole file and checks its row counts, so a damaged or
  // truncated backup is refused before the database is touched at all.
  const { header } = await walkBackup(kernel, file);

  if (!(await databaseIsEmpty(kernel.db))) {
    throw new RestoreRefused(`the database ${kernel.config.database.dialect === 'mysql' ? kernel.config.database.name : kernel.config.database.sqlitePath} is not empty: restore into a new, empty database`);
  }
  // From the files, not the database: asking the database would create the migrations table in it.
  const known = new Set(kernel.migrator.discover().map((m) => m.name));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new RestoreRefused(`the backup comes from a newer or different version (migrations unknown here: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}); install that version first`);
  const rolledBack = await rollbacks(kernel, header);
  if (rolledBack.length && !options.allowRollback) {
    throw new RestoreRefused(['this backup is older than the audit log it would replace:', ...rolledBack, 'restore anyway with --allow-rollback (the lost range stays visible to audit verify)'].join('\n'));
  }

  if (header.migrations.length) await kernel.migrator.up({ to: header.migrations[header.migrations.length - 1] });
  const mysql = kernel.db.dialect === 'mysql';
  const { counts } = await kernel.db.transaction(async (tx: Transaction) => {
    // Tables are loaded in the backup's order, not the order of their references: MySQL skips the
    // checks for this session (the data was consistent when it was read), SQLite checks them at COMMIT.
    await kernel.db.sequelize.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 0' : 'PRAGMA defer_foreign_keys = ON', { transaction: tx });
    // The second pass checks everything again: the file could have been replaced in between.
    const loaded = await walkBackup(kernel, file, async (table, rows) => {
      const row = `(${table.columns.map(() => '?').join(', ')})`;
      const sql = `INSERT INTO ${quoteIdentifier(table.name)} (${table.columns.map(quoteIdentifier).join(', ')}) VALUES ${rows.map(() => row).join(', ')}`;
      await kernel.db.sequelize.query(sql, { transaction: tx, replacements: rows.flatMap((r) => r.map(decodeCell)) });
    });
    if (loaded.header.created_at !== header.created_at) throw new BackupFormatError('the backup file changed while it was being restored');
    if (mysql) await kernel.db.sequelize.query('SET FOREIGN_KEY_CHECKS = 1', { transaction: tx });
    return loaded;
  });
  await kernel.migrator.up();
  const verify = await kernel.container.get(AuditService).verify();
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { tables: header.tables.length, rows, rolledBack, verify };
}

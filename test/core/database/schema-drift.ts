import { Utils, type IndexesOptions, type ModelAttributeColumnOptions, type ModelStatic, type Model, type QueryInterface } from 'sequelize';

/**
 * Compares what the models declare with what the migrations built, generically, so every model a
 * module registers is covered without writing a test for it. Returns one readable line per
 * problem (an empty list means no drift). It checks:
 * - each model's table exists;
 * - each attribute's column exists with the same nullability, and no NOT NULL column without a
 *   default exists that the model cannot fill;
 * - each index the model declares (table `indexes` or an attribute's `unique`) exists with the
 *   same name, uniqueness and columns in order, and the database has no unique index the model
 *   does not know about;
 * - no index name appears twice, among the declarations or in the database (SQLite index names
 *   are global, and MySQL's "Duplicate key name" comes from exactly this).
 */

interface DbIndex {
  name: string;
  unique: boolean;
  primary: boolean;
  fields: string[];
}

interface DeclaredIndex {
  /** null: an attribute's anonymous `unique: true`, matched by columns only. */
  name: string | null;
  unique: boolean;
  fields: string[];
  /** A primary key's `unique: true`: the key already enforces it, so a separate index may or may not exist. */
  optional?: boolean;
}

interface DbColumn {
  type?: string;
  allowNull: boolean;
  defaultValue?: unknown;
  autoIncrement?: boolean;
  primaryKey?: boolean;
}

type AnyModel = ModelStatic<Model>;

function tableNameOf(model: AnyModel): string {
  const t = model.getTableName() as string | { tableName: string };
  return typeof t === 'string' ? t : t.tableName;
}

/** Attributes Sequelize always writes (createdAt/updatedAt), whatever their declared nullability. */
function managedTimestamps(model: AnyModel): Set<string> {
  const o = model.options;
  const names = new Set<string>();
  if (o.timestamps === false) return names;
  if (o.createdAt !== false) names.add(typeof o.createdAt === 'string' ? o.createdAt : 'createdAt');
  if (o.updatedAt !== false) names.add(typeof o.updatedAt === 'string' ? o.updatedAt : 'updatedAt');
  return names;
}

function isVirtual(attr: ModelAttributeColumnOptions): boolean {
  const type = attr.type as { key?: string } | string;
  return typeof type === 'object' && type?.key === 'VIRTUAL';
}

/** Index fields may name attributes or columns; the database knows columns. */
function columnOf(model: AnyModel, field: string): string {
  const attr = model.getAttributes()[field] as ModelAttributeColumnOptions & { field?: string } | undefined;
  return attr?.field ?? field;
}

function declaredIndexes(model: AnyModel): DeclaredIndex[] {
  const table = tableNameOf(model);
  const out: DeclaredIndex[] = [];
  for (const raw of (model.options.indexes ?? []) as IndexesOptions[]) {
    const given = (raw.fields ?? []).map((f) => (typeof f === 'string' ? f : String((f as { name?: string; attribute?: string }).name ?? (f as { attribute?: string }).attribute)));
    // Sequelize names an unnamed index `<table>_<fields>` (underscored); that is the name it would look for.
    const name = raw.name ?? Utils.underscoredIf(`${table}_${given.join('_')}`, true);
    out.push({ name, unique: Boolean(raw.unique), fields: given.map((f) => columnOf(model, f)) });
  }
  // An attribute's `unique`: true is its own index; a shared name groups columns into one composite index.
  const groups = new Map<string, string[]>();
  for (const [name, attr] of Object.entries(model.getAttributes()) as Array<[string, ModelAttributeColumnOptions & { field?: string }]>) {
    const u = attr.unique;
    if (!u) continue;
    const column = attr.field ?? name;
    const groupName = typeof u === 'string' ? u : typeof u === 'object' && u.name ? u.name : null;
    if (groupName === null) out.push({ name: null, unique: true, fields: [column], optional: Boolean(attr.primaryKey) });
    else groups.set(groupName, [...(groups.get(groupName) ?? []), column]);
  }
  for (const [name, fields] of groups) out.push({ name, unique: true, fields });
  return out;
}

async function databaseIndexes(qi: QueryInterface, table: string): Promise<DbIndex[]> {
  const rows = await qi.showIndex(table) as unknown as Array<{ name: string; unique?: boolean | number; primary?: boolean; origin?: string; fields: Array<{ attribute: string }> }>;
  return rows.map((r) => ({
    name: r.name,
    unique: Boolean(r.unique),
    // MySQL flags PRIMARY; SQLite reports the primary key as an autoindex with origin "pk".
    primary: Boolean(r.primary) || r.origin === 'pk',
    fields: r.fields.map((f) => f.attribute),
  }));
}

async function tableNames(qi: QueryInterface): Promise<Set<string>> {
  const tables = await qi.showAllTables() as unknown as Array<string | { tableName: string }>;
  return new Set(tables.map((t) => (typeof t === 'string' ? t : t.tableName)));
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * SQLite reports an `INTEGER PRIMARY KEY` (what Sequelize makes of an auto-increment key) as
 * nullable, but it is the rowid and can never hold NULL. Any other SQLite primary key really can.
 */
function isRowidAlias(column: DbColumn): boolean {
  return Boolean(column.primaryKey) && String(column.type).toUpperCase() === 'INTEGER';
}

function checkColumns(model: AnyModel, table: string, columns: Record<string, DbColumn>, problems: string[]): void {
  const timestamps = managedTimestamps(model);
  const known = new Set<string>();
  for (const [name, attr] of Object.entries(model.getAttributes()) as Array<[string, ModelAttributeColumnOptions & { field?: string }]>) {
    if (isVirtual(attr)) continue;
    const column = attr.field ?? name;
    known.add(column);
    const actual = columns[column];
    if (!actual) { problems.push(`${table}.${column}: the model declares it, the table has no such column`); continue; }
    const modelNullable = !(attr.primaryKey || attr.allowNull === false || timestamps.has(name));
    const dbNullable = actual.allowNull && !isRowidAlias(actual);
    if (modelNullable !== dbNullable) {
      problems.push(`${table}.${column}: the model says ${modelNullable ? 'NULL' : 'NOT NULL'}, the database has ${dbNullable ? 'NULL' : 'NOT NULL'}`);
    }
  }
  for (const [column, actual] of Object.entries(columns)) {
    if (known.has(column) || actual.allowNull || actual.autoIncrement) continue;
    if (actual.defaultValue === undefined || actual.defaultValue === null) {
      problems.push(`${table}.${column}: NOT NULL without a default, and the model does not know the column (inserts would fail)`);
    }
  }
}

function checkIndexes(table: string, declared: DeclaredIndex[], actual: DbIndex[], problems: string[]): void {
  const secondary = actual.filter((i) => !i.primary);
  const matched = new Set<DbIndex>();
  for (const d of declared) {
    if (d.name === null) {
      const found = secondary.find((i) => i.unique && sameColumns(i.fields, d.fields));
      if (found) matched.add(found);
      else if (!d.optional) problems.push(`${table}: the model declares ${d.fields.join(', ')} unique, the database has no unique index on exactly that`);
      continue;
    }
    const found = secondary.find((i) => i.name === d.name);
    if (!found) { problems.push(`${table}: index ${d.name} is declared by the model but missing in the database`); continue; }
    matched.add(found);
    if (found.unique !== d.unique) problems.push(`${table}: index ${d.name} is ${d.unique ? 'unique' : 'not unique'} in the model, ${found.unique ? 'unique' : 'not unique'} in the database`);
    if (!sameColumns(found.fields, d.fields)) problems.push(`${table}: index ${d.name} covers (${d.fields.join(', ')}) in the model, (${found.fields.join(', ')}) in the database`);
  }
  for (const i of secondary) {
    if (i.unique && !matched.has(i)) problems.push(`${table}: unique index ${i.name} (${i.fields.join(', ')}) exists in the database but the model does not declare it`);
  }
}

function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const n of names) (seen.has(n) ? twice : seen).add(n);
  return [...twice];
}

export async function schemaDrift(models: readonly AnyModel[], qi: QueryInterface): Promise<string[]> {
  const problems: string[] = [];
  const existing = await tableNames(qi);
  const declaredNames: string[] = [];
  const databaseNames: string[] = [];
  for (const model of models) {
    const table = tableNameOf(model);
    const declared = declaredIndexes(model);
    declaredNames.push(...declared.flatMap((d) => (d.name ? [d.name] : [])));
    if (!existing.has(table)) { problems.push(`${table}: model ${model.name} has no table`); continue; }
    checkColumns(model, table, await qi.describeTable(table) as unknown as Record<string, DbColumn>, problems);
    const actual = await databaseIndexes(qi, table);
    databaseNames.push(...actual.filter((i) => !i.primary).map((i) => i.name));
    checkIndexes(table, declared, actual, problems);
  }
  for (const name of duplicates(declaredNames)) problems.push(`index name ${name} is declared more than once`);
  for (const name of duplicates(databaseNames)) problems.push(`index name ${name} exists more than once in the database`);
  return problems;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Compares prisma/schema.prisma with a migrated database: tables, columns, types, nullability,
 * primary keys and unique constraints. Hand-written migration SQL can therefore never drift
 * from the schema unnoticed. The schema is read with Prisma's own parser (its WebAssembly build,
 * which needs no engine download).
 */

export const SCHEMA_PATH = join(__dirname, '..', '..', '..', '..', 'prisma', 'schema.prisma');

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isRequired: boolean;
  isList: boolean;
  isUnique: boolean;
  isId: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueIndexes: { fields: string[] }[];
}
interface DmmfEnum {
  name: string;
  schema?: string | null;
  values: { name: string }[];
}

/** Prisma scalar -> PostgreSQL type (information_schema's udt_name), honouring @db. attributes. */
function pgType(field: DmmfField): string {
  if (field.kind === 'enum') return field.type;
  const native = field.nativeType?.[0];
  if (native === 'Timestamptz') return 'timestamptz';
  if (native === 'Timestamp') return 'timestamp';
  if (native === 'VarChar') return 'varchar';
  const map: Record<string, string> = {
    String: 'text',
    Int: 'int4',
    BigInt: 'int8',
    Boolean: 'bool',
    DateTime: 'timestamp',
    Json: 'jsonb',
    Float: 'float8',
    Decimal: 'numeric',
    Bytes: 'bytea',
  };
  return map[field.type] ?? `?${field.type}`;
}

interface Expected {
  columns: Map<string, { type: string; nullable: boolean }>;
  uniques: Set<string>;
  primaryKey: string;
}

export function expectedSchema(schemaText = readFileSync(SCHEMA_PATH, 'utf8')): {
  tables: Map<string, Expected>;
  enums: Map<string, string[]>;
} {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  const dmmf = JSON.parse(
    wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] })),
  ) as {
    datamodel: { models: DmmfModel[]; enums: DmmfEnum[] };
  };
  const tables = new Map<string, Expected>();
  for (const model of dmmf.datamodel.models) {
    const col = (fieldName: string) => {
      const f = model.fields.find((x) => x.name === fieldName)!;
      return f.dbName ?? f.name;
    };
    const columns = new Map<string, { type: string; nullable: boolean }>();
    const uniques = new Set<string>();
    let primaryKey = '';
    for (const f of model.fields) {
      if (f.kind === 'object') continue;
      columns.set(f.dbName ?? f.name, { type: pgType(f), nullable: !f.isRequired });
      if (f.isUnique) uniques.add(f.dbName ?? f.name);
      if (f.isId) primaryKey = f.dbName ?? f.name;
    }
    for (const u of model.uniqueIndexes) uniques.add(u.fields.map(col).join(','));
    if (model.primaryKey) primaryKey = model.primaryKey.fields.map(col).join(',');
    tables.set(`${model.schema ?? 'public'}.${model.dbName ?? model.name}`, {
      columns,
      uniques,
      primaryKey,
    });
  }
  // The DMMF does not say which schema an enum lives in; enum names are unique across ours.
  const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
  return { tables, enums };
}

/** Every difference between schema.prisma and the database at `url`; empty when they agree. */
export async function schemaDrift(url: string): Promise<string[]> {
  const expected = expectedSchema();
  const schemas = [...new Set([...expected.tables.keys()].map((k) => k.split('.')[0]!))];
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const cols = await client.query<{
      table_schema: string;
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
    }>(
      `SELECT table_schema, table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = ANY($1)`,
      [schemas],
    );
    const cons = await client.query<{
      schema: string;
      table: string;
      type: string;
      columns: string;
    }>(
      `SELECT n.nspname AS schema, t.relname AS table, CASE WHEN i.indisprimary THEN 'p' ELSE 'u' END AS type,
              string_agg(a.attname, ',' ORDER BY array_position(i.indkey::int[], a.attnum::int)) AS columns
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indisunique AND n.nspname = ANY($1)
        GROUP BY n.nspname, t.relname, i.indexrelid, i.indisprimary`,
      [schemas],
    );
    const enumRows = await client.query<{ schema: string; name: string; labels: string[] }>(
      `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = ANY($1) GROUP BY n.nspname, t.typname`,
      [schemas],
    );

    const problems: string[] = [];
    const actualTables = new Set(cols.rows.map((r) => `${r.table_schema}.${r.table_name}`));
    for (const t of actualTables)
      if (!expected.tables.has(t) && !t.endsWith('._prisma_migrations'))
        problems.push(`table ${t} is in the database but not in schema.prisma`);
    for (const [table, exp] of expected.tables) {
      if (!actualTables.has(table)) {
        problems.push(`table ${table} is in schema.prisma but not in the database`);
        continue;
      }
      const actualCols = new Map(
        cols.rows
          .filter((r) => `${r.table_schema}.${r.table_name}` === table)
          .map((r) => [r.column_name, r]),
      );
      for (const [name, c] of exp.columns) {
        const a = actualCols.get(name);
        if (!a) problems.push(`column ${table}.${name} is missing in the database`);
        else {
          if (a.udt_name !== c.type)
            problems.push(
              `column ${table}.${name}: database type ${a.udt_name}, schema.prisma ${c.type}`,
            );
          if ((a.is_nullable === 'YES') !== c.nullable)
            problems.push(
              `column ${table}.${name}: database ${a.is_nullable === 'YES' ? 'nullable' : 'NOT NULL'}, schema.prisma ${c.nullable ? 'optional' : 'required'}`,
            );
        }
      }
      for (const name of actualCols.keys())
        if (!exp.columns.has(name))
          problems.push(`column ${table}.${name} is in the database but not in schema.prisma`);
      const tableCons = cons.rows.filter((r) => `${r.schema}.${r.table}` === table);
      const pk = tableCons.find((r) => r.type === 'p')?.columns ?? '';
      if (pk !== exp.primaryKey)
        problems.push(
          `primary key of ${table}: database (${pk}), schema.prisma (${exp.primaryKey})`,
        );
      const actualUniques = new Set(tableCons.filter((r) => r.type === 'u').map((r) => r.columns));
      for (const u of exp.uniques)
        if (!actualUniques.has(u))
          problems.push(`unique (${u}) on ${table} is missing in the database`);
      for (const u of actualUniques)
        if (!exp.uniques.has(u))
          problems.push(`unique (${u}) on ${table} is in the database but not in schema.prisma`);
    }
    const actualEnums = new Map(enumRows.rows.map((r) => [r.name, r.labels]));
    for (const [name, values] of expected.enums) {
      const a = actualEnums.get(name);
      if (!a) problems.push(`enum ${name} is missing in the database`);
      else if (a.join(',') !== values.join(','))
        problems.push(
          `enum ${name}: database (${a.join(',')}), schema.prisma (${values.join(',')})`,
        );
    }
    return problems;
  } finally {
    await client.end();
  }
}

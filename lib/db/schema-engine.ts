import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKind, sqlitePath, type DatabaseKind } from "./database-url";

// Prisma's native schema engine cannot be downloaded on our machines; its WebAssembly build
// ships in an npm package. We instantiate it ourselves and give it a driver adapter.
let initialised: Promise<void> | undefined;

function initWasm(): Promise<void> {
  initialised ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = join(dirname(gluePath), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": engineModule as unknown as WebAssembly.ModuleImports,
    });
    engineModule.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return initialised;
}

export const noFilters = { externalTables: [], externalEnums: [] };

export function adapterFactoryFor(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (url === "file::memory:") return new PrismaBetterSqlite3({ url: ":memory:" });
  return databaseKind(url) === "sqlite"
    ? new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: 60_000 })
    : new PrismaPg({ connectionString: url, max: 2 });
}

/**
 * A schema engine for `schemaPath`/`schemaText`. With `url`, it can apply migrations to that
 * database; without one, it only diffs schema texts (an adapter that never connects stands by).
 */
export async function openSchemaEngine(options: {
  schemaPath: string;
  schemaText: string;
  kind: DatabaseKind;
  url?: string;
}): Promise<{ engine: SchemaEngine; close(): Promise<void> }> {
  await initWasm();
  const idleUrl = options.kind === "sqlite" ? "file::memory:" : "postgresql://127.0.0.1:1/unused";
  const inner = adapterFactoryFor(options.url ?? idleUrl);
  // engine.free() does not close the connections the engine opened (a SQLite connection left
  // open keeps its lock), so we track them and close them in close().
  const opened: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await inner.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schemaText]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

export type { SchemaEngine };

import { readdirSync } from "node:fs";
import { databaseKind, type SqlExecutor } from "../db";
import { migrationsDirFor } from "../db/migrations";
import type { PaymentsMode } from "../env";
import { readProviderModes } from "../sandbox-control/provider-modes";
import { sandboxState, type SandboxState } from "../sandbox-control/sandbox-state";

/*
 * What GET /api/health reports (README "Health and metrics"). Reads only; every read is bounded
 * by HEALTH_DB_TIMEOUT_MS so a load balancer's probe never hangs on a stuck database.
 */

/** How long one health read may take before the database counts as unreachable, ms. */
export const HEALTH_DB_TIMEOUT_MS = 3_000;

/** The public answer: all a load balancer needs. */
export type PublicHealth = { ok: boolean };

/** The answer with METRICS_TOKEN. */
export type HealthDetails = {
  ok: boolean;
  database: { reachable: boolean; kind: "sqlite" | "postgresql" };
  /** `current`: every migration of this code is applied; `pending`: the names that are not (null when unreadable). */
  migrations: { current: boolean; pending: string[] | null };
  /** Each provider's mode as the admin set it (null when the database is unreachable). */
  providers: Record<string, PaymentsMode> | null;
  sandbox: SandboxState;
  /** Outbox events not delivered yet (null when the database is unreachable). */
  outbox: { backlog: number | null };
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether the database answers a trivial query in time. */
export async function databaseReachable(sql: SqlExecutor): Promise<boolean> {
  try {
    const row = await withTimeout(sql.get<{ one: number }>(`SELECT 1 AS "one"`, [], { one: "number" }), HEALTH_DB_TIMEOUT_MS);
    return row?.one === 1;
  } catch {
    return false;
  }
}

/**
 * Outbox events not delivered yet: not fanned out to their targets yet (lib/outbox), or with a
 * delivery still pending (retried). Given-up (`failed`) deliveries are counted by
 * `tolov_outbox_delivery_failures_total`, not here.
 */
export async function outboxBacklog(sql: SqlExecutor): Promise<number> {
  const row = await sql.get<{ backlog: number }>(
    `SELECT COUNT(*) AS "backlog" FROM "OutboxEvent" e
      WHERE NOT EXISTS (SELECT 1 FROM "OutboxDelivery" d WHERE d."eventId" = e."id")
         OR EXISTS (SELECT 1 FROM "OutboxDelivery" d WHERE d."eventId" = e."id" AND d."state" = 'pending')`,
    [],
    { backlog: "number" },
  );
  return row?.backlog ?? 0;
}

/** Orders held by a reservation that has not lapsed at `nowMs`, by provider. */
export async function reservationsHeld(sql: SqlExecutor, nowMs: number): Promise<Record<string, number>> {
  const rows = await sql.all<{ provider: string; held: number }>(
    `SELECT "provider", COUNT(*) AS "held" FROM "Reservation" WHERE "expiresAt" IS NULL OR "expiresAt" > ? GROUP BY "provider"`,
    [nowMs],
    { held: "number" },
  );
  return Object.fromEntries(rows.map((row) => [row.provider, row.held]));
}

/** Migrations in this code's folder (prisma/migrations/<kind>) not recorded as applied. */
export async function pendingMigrations(sql: SqlExecutor, databaseUrl: string): Promise<string[]> {
  const folder = migrationsDirFor(databaseKind(databaseUrl));
  const ours = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const rows = await sql.all<{ name: string }>(
    `SELECT "migration_name" AS "name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    [],
  );
  const applied = new Set(rows.map((row) => row.name));
  return ours.filter((name) => !applied.has(name));
}

/** The public health: `{ok}` — true when the database answers. */
export async function publicHealth(sql: SqlExecutor): Promise<PublicHealth> {
  return { ok: await databaseReachable(sql) };
}

/** The detailed health (METRICS_TOKEN): database, migrations, providers' modes, sandbox, outbox backlog. */
export async function healthDetails(sql: SqlExecutor, databaseUrl: string): Promise<HealthDetails> {
  const kind = databaseKind(databaseUrl);
  const reachable = await databaseReachable(sql);
  if (!reachable) {
    return {
      ok: false,
      database: { reachable: false, kind },
      migrations: { current: false, pending: null },
      providers: null,
      sandbox: sandboxState(),
      outbox: { backlog: null },
    };
  }
  const [pending, providers, backlog] = await withTimeout(
    Promise.all([pendingMigrations(sql, databaseUrl), readProviderModes(sql), outboxBacklog(sql)]),
    HEALTH_DB_TIMEOUT_MS,
  );
  return {
    ok: true,
    database: { reachable: true, kind },
    migrations: { current: pending.length === 0, pending },
    providers,
    sandbox: sandboxState(),
    outbox: { backlog },
  };
}

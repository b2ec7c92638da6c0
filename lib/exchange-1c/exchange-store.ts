import { createHash, randomBytes } from "node:crypto";
import type { SqlExecutor } from "../db/sql";
import { readChangeHorizon } from "../orders/change-sequence";
import type { ReportLine } from "./apply-document";

/*
 * The exchange's own tables: sessions (cookie token → SHA-256), the committed export mark and
 * the import reports. Nothing here touches an order.
 */

/** A session ends after this long without a call (1C's exchange runs every few minutes to hours). */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const MARK_NAME = "orders";

export type ExchangeSession = { id: string; login: string; version: string | null; queriedSeq: bigint | null };

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** Opens a session for `login`; returns the cookie's token (only its hash is stored). */
export async function openSession(sql: SqlExecutor, login: string, now: Date): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await sql.run(`INSERT INTO "Exchange1cSession" ("id", "login", "createdAt", "lastSeenAt") VALUES (?, ?, ?, ?)`, [hashToken(token), login, now, now]);
  return token;
}

/** Sessions idle for a day are forgotten (their upload areas with them): the ids whose areas to remove. */
export async function expiredSessions(sql: SqlExecutor, now: Date): Promise<string[]> {
  const before = new Date(now.getTime() - 12 * SESSION_IDLE_MS);
  const rows = await sql.all<{ id: string }>(`SELECT "id" FROM "Exchange1cSession" WHERE "lastSeenAt" < ? LIMIT 100`, [before]);
  for (const row of rows) await sql.run(`DELETE FROM "Exchange1cSession" WHERE "id" = ?`, [row.id]);
  return rows.map((row) => row.id);
}

/** The live session of a cookie token (refreshing its last call), or undefined. */
export async function findSession(sql: SqlExecutor, token: string, now: Date): Promise<ExchangeSession | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const id = hashToken(token);
  const row = await sql.get<{ id: string; login: string; version: string | null; queriedSeq: bigint | null; lastSeenAt: Date }>(
    `SELECT "id", "login", "version", "queriedSeq", "lastSeenAt" FROM "Exchange1cSession" WHERE "id" = ?`,
    [id],
    { queriedSeq: "bigint", lastSeenAt: "date" },
  );
  if (!row || now.getTime() - new Date(row.lastSeenAt).getTime() > SESSION_IDLE_MS) return undefined;
  await sql.run(`UPDATE "Exchange1cSession" SET "lastSeenAt" = ? WHERE "id" = ?`, [now, id]);
  return { id: row.id, login: row.login, version: row.version, queriedSeq: row.queriedSeq === null ? null : BigInt(row.queriedSeq) };
}

/** `mode=init&version=…`: the schema version agreed for this session's `query` (2.10 or 3.1). */
export async function setSessionVersion(sql: SqlExecutor, id: string, version: string): Promise<void> {
  await sql.run(`UPDATE "Exchange1cSession" SET "version" = ? WHERE "id" = ?`, [version, id]);
}

/** `mode=query`: the mark to commit at `success` (every change below it was sent) and how many orders went out. */
export async function recordQuery(sql: SqlExecutor, id: string, seq: bigint, count: number, now: Date): Promise<void> {
  await sql.run(`UPDATE "Exchange1cSession" SET "queriedSeq" = ?, "queriedAt" = ?, "queriedCount" = ?, "committedAt" = NULL WHERE "id" = ?`, [seq, now, count, id]);
}

/** The committed export mark (every order change below it was sent); -1 before the first `success` (the first exchange sends every order). */
export async function readMark(sql: SqlExecutor): Promise<bigint> {
  const row = await sql.get<{ seq: bigint }>(`SELECT "seq" FROM "Exchange1cMark" WHERE "name" = ?`, [MARK_NAME], { seq: "bigint" });
  return row ? BigInt(row.seq) : -1n;
}

/**
 * `mode=success`: the session's queried mark becomes the committed one — never moving back
 * (an older session's `success` after a newer one's), except when the committed mark is above
 * the change horizon (the sequence went back; see `ordersSince`: the export started over).
 */
export async function commitMark(sql: SqlExecutor, session: ExchangeSession, now: Date): Promise<boolean> {
  if (session.queriedSeq === null) return false;
  const startedOver = (await readMark(sql)) > (await readChangeHorizon(sql));
  await sql.run(
    `INSERT INTO "Exchange1cMark" ("name", "seq", "committedAt") VALUES (?, ?, ?)
     ON CONFLICT ("name") DO UPDATE SET "seq" = CASE WHEN ? OR excluded."seq" > "Exchange1cMark"."seq" THEN excluded."seq" ELSE "Exchange1cMark"."seq" END, "committedAt" = excluded."committedAt"`,
    [MARK_NAME, session.queriedSeq, now, startedOver],
  );
  await sql.run(`UPDATE "Exchange1cSession" SET "committedAt" = ? WHERE "id" = ?`, [now, session.id]);
  return true;
}

export type ImportRow = {
  id: number;
  sessionId: string;
  fileName: string;
  digest: string;
  state: "progress" | "success" | "failure";
  reason: string | null;
  position: number;
  total: number;
  applied: number;
  unchanged: number;
  refused: number;
  report: ReportLine[];
  startedAt: Date;
  finishedAt: Date | null;
};

type RawImport = Omit<ImportRow, "report"> & { report: string };
const importColumns = `"id", "sessionId", "fileName", "digest", "state", "reason", "position", "total", "applied", "unchanged", "refused", "report", "startedAt", "finishedAt"`;
const importDecoder = { id: "number", position: "number", total: "number", applied: "number", unchanged: "number", refused: "number", startedAt: "date", finishedAt: "date" } as const;
const toImport = (row: RawImport): ImportRow => ({ ...row, id: Number(row.id), report: JSON.parse(row.report) as ReportLine[] });

/** The import of this session's file still in progress, if any. */
export async function openImport(sql: SqlExecutor, sessionId: string, fileName: string): Promise<ImportRow | undefined> {
  const row = await sql.get<RawImport>(
    `SELECT ${importColumns} FROM "Exchange1cImport" WHERE "sessionId" = ? AND "fileName" = ? AND "state" = 'progress' ORDER BY "id" DESC`,
    [sessionId, fileName],
    importDecoder,
  );
  return row && toImport(row);
}

/** A new import of an uploaded file: `progress` (documents to apply) or `failure` (unreadable, with the reason). */
export async function startImport(
  sql: SqlExecutor,
  input: { sessionId: string; fileName: string; digest: string; total: number; state: "progress" | "failure"; reason?: string; now: Date },
): Promise<ImportRow> {
  const row = await sql.get<RawImport>(
    `INSERT INTO "Exchange1cImport" ("sessionId", "fileName", "digest", "state", "reason", "total", "report", "startedAt", "finishedAt")
     VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?) RETURNING ${importColumns}`,
    [input.sessionId, input.fileName, input.digest, input.state, input.reason ?? null, input.total, input.now, input.state === "failure" ? input.now : null],
    importDecoder,
  );
  return toImport(row!);
}

/** Writes an import's progress, counts and report lines. */
export async function saveImport(sql: SqlExecutor, row: ImportRow): Promise<void> {
  await sql.run(
    `UPDATE "Exchange1cImport" SET "state" = ?, "reason" = ?, "position" = ?, "applied" = ?, "unchanged" = ?, "refused" = ?, "report" = ?, "finishedAt" = ? WHERE "id" = ?`,
    [row.state, row.reason, row.position, row.applied, row.unchanged, row.refused, JSON.stringify(row.report), row.finishedAt, row.id],
  );
}

/** The admin's exchange history: the latest imports with their reports, and the latest sessions. */
export async function exchangeHistory(sql: SqlExecutor, limit = 100) {
  const imports = (
    await sql.all<RawImport>(`SELECT ${importColumns} FROM "Exchange1cImport" ORDER BY "id" DESC LIMIT ${Math.trunc(limit)}`, [], importDecoder)
  ).map(toImport);
  const sessions = await sql.all<{ id: string; login: string; createdAt: Date; lastSeenAt: Date; version: string | null; queriedAt: Date | null; queriedCount: number | null; committedAt: Date | null }>(
    `SELECT "id", "login", "createdAt", "lastSeenAt", "version", "queriedAt", "queriedCount", "committedAt" FROM "Exchange1cSession" ORDER BY "createdAt" DESC LIMIT ${Math.trunc(limit)}`,
    [],
    { createdAt: "date", lastSeenAt: "date", queriedAt: "date", committedAt: "date", queriedCount: "number" },
  );
  const refunds = await sql.all<{ key: string; orderNumber: number; provider: string; amount: bigint; state: string; detail: string | null; updatedAt: Date }>(
    `SELECT "key", "orderNumber", "provider", "amount", "state", "detail", "updatedAt" FROM "Exchange1cRefund" ORDER BY "updatedAt" DESC LIMIT ${Math.trunc(limit)}`,
    [],
    { orderNumber: "number", amount: "bigint", updatedAt: "date" },
  );
  return { imports, sessions: sessions.map((session) => ({ ...session, id: session.id.slice(0, 8) })), refunds };
}

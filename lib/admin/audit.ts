import type { SqlExecutor } from "../db/sql";
import { toDate, toNumber } from "../db/sql-values";
import { logAdminAction } from "../log/events";
import type { Provider, ProviderAuditAction } from "../payments/registry";

/** The store's own audit-log actions; each provider declares its own in the registry (`auditActions`). */
export const storeAuditActions = [
  "admin.sign_in",
  "admin.sign_out",
  "settings.update",
  "settings.check_connection",
  "order.fulfil",
  "order.approve_refund",
  "order.refund",
  "order.refund_by_hand",
  "order.cancel",
  "reconciliation.run",
  "reconciliation.statement",
  "webhook.add",
  "webhook.update",
  "outbox.resend",
] as const;
export type AuditAction = (typeof storeAuditActions)[number] | ProviderAuditAction;
export type AuditOutcome = "ok" | "refused" | "failed";

/**
 * What may go into an entry's detail: names, codes, counts, amounts. Values typed in secret
 * fields never do — callers pass field names (`fields: ["key", "testKey"]`).
 */
export type AuditDetail = Record<string, string | number | boolean | null | readonly string[]>;

export type AuditEntryInput = {
  action: AuditAction;
  outcome: AuditOutcome;
  /** Who acted: the admin, a provider (its callback, e.g. Payme's ChangePassword) or the store itself. */
  actor?: "admin" | Provider | "system";
  ip?: string | null;
  target?: string | null;
  detail?: AuditDetail;
};

/**
 * Records one entry in the AuditLog table, and writes its log line (lib/log/events.ts: action,
 * outcome, actor, target — never the detail or the address) once it is stored.
 */
export async function recordAudit(sql: SqlExecutor, entry: AuditEntryInput, at: Date = new Date()): Promise<void> {
  await sql.run(
    `INSERT INTO "AuditLog" ("at", "action", "outcome", "actor", "ip", "target", "detail") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      at,
      entry.action,
      entry.outcome,
      entry.actor ?? "admin",
      entry.ip ?? null,
      entry.target ?? null,
      entry.detail ? JSON.stringify(entry.detail, (_key, value) => (typeof value === "bigint" ? value.toString() : value)) : null,
    ],
  );
  logAdminAction({ action: entry.action, outcome: entry.outcome, actor: entry.actor ?? "admin", target: entry.target });
}

export type AuditEntry = {
  id: number;
  at: Date;
  action: string;
  outcome: string;
  actor: string;
  ip: string | null;
  target: string | null;
  detail: Record<string, unknown> | null;
};

type AuditRow = Omit<AuditEntry, "at" | "detail" | "id"> & { id: number | bigint; at: unknown; detail: string | null };

export const AUDIT_PAGE_SIZE = 50;

/** Newest first; `target` filters one order's or one section's entries (`order:12`). */
export async function listAudit(
  sql: SqlExecutor,
  options: { page?: number; target?: string; action?: string; pageSize?: number } = {},
): Promise<{ entries: AuditEntry[]; total: number; page: number; pageSize: number }> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (options.target) {
    where.push(`"target" = ?`);
    params.push(options.target);
  }
  if (options.action) {
    where.push(`"action" LIKE ?`);
    params.push(`${options.action}%`);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const count = await sql.get<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "AuditLog" ${clause}`, params, { total: "number" });
  const rows = await sql.all<AuditRow>(
    `SELECT "id", "at", "action", "outcome", "actor", "ip", "target", "detail" FROM "AuditLog" ${clause}
      ORDER BY "id" DESC LIMIT ? OFFSET ?`,
    [...params, pageSize, (page - 1) * pageSize],
  );
  return {
    entries: rows.map((row) => ({
      ...row,
      id: toNumber(row.id),
      at: toDate(row.at)!,
      detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    })),
    total: toNumber(count?.total),
    page,
    pageSize,
  };
}

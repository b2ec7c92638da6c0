import type { ProviderRecord, ReconciliationSource } from "../../admin/reconciliation/types";
import type { SqlDatabase, SqlExecutor } from "../../db/sql";
import type { Env } from "../../env";
import type { ProviderActionOutcome, ProviderAttempt } from "../provider";
import { robokassaAttemptsOf } from "./attempt-store";
import { fetchOpState, type OpStateName } from "./op-state";
import { robokassaApiUrls } from "./refunds";
import { loadRobokassaSettings, robokassaPasswords } from "./robokassa-settings";

/**
 * Robokassa for the admin: the order page's attempts, the settings page's connection check and
 * the reconciliation source (Robokassa has no list API, so our attempts of the period are asked
 * one by one with OpStateExt).
 */

const paidInvoicesSql = `SELECT "reference" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment' AND "provider" = 'robokassa'`;

/** The order's attempts, newest first: `paid` (ResultURL recorded it), `open` or `expired`. */
export async function robokassaAdminAttempts(sql: SqlExecutor, orderNumber: number, nowMs = Date.now()): Promise<ProviderAttempt[]> {
  const attempts = await robokassaAttemptsOf(sql, orderNumber);
  if (attempts.length === 0) return [];
  const paid = new Set((await sql.all<{ reference: string }>(paidInvoicesSql, [orderNumber])).map((row) => row.reference));
  return attempts.map((attempt) => {
    const invId = attempt.invId.toString();
    const state = paid.has(invId) ? "paid" : attempt.expiresAt.getTime() <= nowMs ? "expired" : "open";
    return {
      provider: "robokassa",
      reference: invId,
      ourId: invId,
      amount: attempt.amount,
      state,
      history: [
        {
          at: attempt.createdAt,
          state: "created",
          note: `OutSum ${attempt.outSum / 100n}.${(attempt.outSum % 100n).toString().padStart(2, "0")} RUB at ${attempt.rate} UZS/RUB (${attempt.rateSource}, ${attempt.rateDate})`,
        },
      ],
      fiscal: [],
    };
  });
}

type AdminDeps = { sql: SqlDatabase; appSecret: string; env: Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT" | "ROBOKASSA_API_URL"> };

/** An InvId we never hand out (our column stops at 2^31−1): OpStateExt must say "not found". */
const PROBE_INV_ID = 9_000_000_000_000_000_000n;

/**
 * "Check connection": OpStateExt for an invoice that cannot exist. `operation_not_found` means the
 * login, Password2 and hash are right; `bad_signature` or `shop_not_found` that they are not.
 */
export async function checkRobokassaConnection(deps: AdminDeps): Promise<ProviderActionOutcome> {
  const settings = await loadRobokassaSettings(deps.sql, deps.appSecret);
  const { password2 } = robokassaPasswords(settings);
  if (!settings.login || !password2) return { ok: false, reason: "not_available" };
  const state = await fetchOpState(
    { url: robokassaApiUrls(settings, deps.env).opState, merchantLogin: settings.login, password2, hash: settings.hash },
    PROBE_INV_ID,
  );
  if (!state.ok && state.reason === "refused" && state.refusal === "operation_not_found") return { ok: true, state: "operation_not_found" };
  if (state.ok) return { ok: true, state: state.found.state };
  const detail = state.reason === "refused" ? state.refusal : state.reason === "hash_unavailable" ? state.message : state.message;
  const code = state.reason === "refused" ? state.code : state.reason;
  return { ok: false, reason: "provider_error", code, message: { ru: `Robokassa: ${detail}`, uz: `Robokassa: ${detail}`, en: `Robokassa: ${detail}` } };
}

const attemptsInPeriodSql = `SELECT "invId", "orderNumber", "amount", "createdAt" FROM "RobokassaAttempt" WHERE "createdAt" >= ? AND "createdAt" < ? ORDER BY "invId"`;

const recordState: Partial<Record<OpStateName, ProviderRecord["state"]>> = {
  success: "paid",
  received: "paid",
  returned: "refunded",
  hold: "held",
};

/** Reconciliation: our attempts of the period as Robokassa's OpStateExt reports them. */
export function robokassaReconciliationSource(deps: AdminDeps): ReconciliationSource {
  return {
    provider: "robokassa",
    async fetchRecords(period) {
      const settings = await loadRobokassaSettings(deps.sql, deps.appSecret);
      const { password2 } = robokassaPasswords(settings);
      const failure = (text: string) => ({ ok: false as const, message: { ru: text, uz: text, en: text } });
      if (!settings.login || !password2) return failure("Robokassa: login or Password2 is not set");
      const url = robokassaApiUrls(settings, deps.env).opState;
      const rows = await deps.sql.all<{ invId: number | bigint; orderNumber: number | bigint; amount: bigint | number; createdAt: unknown }>(attemptsInPeriodSql, [
        period.from,
        period.to,
      ]);
      const records: ProviderRecord[] = [];
      for (const row of rows) {
        const state = await fetchOpState({ url, merchantLogin: settings.login, password2, hash: settings.hash }, BigInt(row.invId));
        if (!state.ok && state.reason === "refused" && state.refusal === "operation_not_found") continue;
        if (!state.ok) return failure(`Robokassa OpStateExt: ${state.reason === "refused" ? state.refusal : state.message}`);
        records.push({
          reference: String(row.invId),
          orderNumber: Number(row.orderNumber),
          amount: BigInt(row.amount),
          state: recordState[state.found.state] ?? "unpaid",
          rawState: `${state.found.stateCode} ${state.found.state}`,
          at: state.found.stateDate ? new Date(state.found.stateDate) : null,
        });
      }
      return { ok: true, records };
    },
  };
}

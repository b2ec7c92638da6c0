import { randomUUID } from "node:crypto";
import type { SqlDatabase, SqlExecutor } from "../../db/sql";
import type { Env } from "../../env";
import { settleOrder } from "../../orders/settlement";
import type { ProviderActionOutcome } from "../provider";
import { providerUrl } from "../provider-urls";
import { findRobokassaAttempt } from "./attempt-store";
import { fetchOpState } from "./op-state";
import { createRefund, pollRefundState, type PollRefundOptions, type RefundClientOptions, type RefundState } from "./refund";
import { loadRobokassaSettings, robokassaPasswords, type RobokassaSettings } from "./robokassa-settings";
import { robokassaApiUrlSpec } from "./robokassa-urls";

/**
 * Refunds through Robokassa's refund API (issue 12 item 5): each request is stored under
 * Robokassa's `requestId` and written to the ledger (refund, reference requestId, refundOf InvId)
 * only when Robokassa reports it `finished` — by the poll right after the request or by the
 * periodic job. A `canceled` refund changes nothing.
 */

export type RobokassaApiUrls = { opState: string; refunds: string };

/** Where OpStateExt and the refund service answer in the provider's mode (ROBOKASSA_API_URL overrides). */
export function robokassaApiUrls(settings: Pick<RobokassaSettings, "mode">, env: Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT" | "ROBOKASSA_API_URL">): RobokassaApiUrls {
  const base = providerUrl(robokassaApiUrlSpec, settings.mode, env).replace(/\/+$/, "");
  // Robokassa's refund service has a host of its own; the sandbox and an override mount both under one base.
  const ownHosts = settings.mode !== "sandbox" && !env.ROBOKASSA_API_URL;
  return {
    opState: `${base}/Merchant/WebService/Service.asmx/OpStateExt`,
    refunds: ownHosts ? "https://services.robokassa.ru/RefundService" : `${base}/RefundService`,
  };
}

export type RobokassaRefundDeps = {
  sql: SqlDatabase;
  appSecret: string;
  env: Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT" | "ROBOKASSA_API_URL">;
  fetch?: typeof fetch;
  poll?: PollRefundOptions;
};

type RefundRow = { requestId: string; invId: number | bigint; orderNumber: number | bigint; amount: bigint | number | string; refundSum: bigint | number | string | null; state: string };

const refundColumns = `"requestId", "invId", "orderNumber", "amount", "refundSum", "state"`;
const insertRefundSql = `INSERT INTO "RobokassaRefund" ("requestId", "invId", "orderNumber", "amount", "refundSum", "state", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("requestId") DO NOTHING`;
const refundStateSql = `UPDATE "RobokassaRefund" SET "state" = ?, "updatedAt" = ? WHERE "requestId" = ?`;
const openRefundsSql = `SELECT ${refundColumns} FROM "RobokassaRefund" WHERE "state" = 'processing' ORDER BY "createdAt" LIMIT 50`;
const refundsOfInvoiceSql = `SELECT ${refundColumns}, "updatedAt" FROM "RobokassaRefund" WHERE "invId" = ? AND "state" <> 'canceled'`;
const claimedSql = `UPDATE "RobokassaRefund" SET "requestId" = ?, "state" = ?, "updatedAt" = ? WHERE "requestId" = ?`;
/** A refund being asked of Robokassa (its requestId not known yet); one that old is taken as never sent (the process died). */
const CLAIM_STATE = "requesting";
const CLAIM_TTL_MS = 10 * 60_000;
const toMs = (value: unknown): number => (value instanceof Date ? value.getTime() : new Date(typeof value === "bigint" ? Number(value) : (value as string | number)).getTime());
const refundByIdSql = `SELECT ${refundColumns} FROM "RobokassaRefund" WHERE "requestId" = ?`;
const paymentEntrySql = `SELECT "kind", "provider", "reference", "amount",
       (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = 'robokassa' AND r."refundOf" = p."reference") AS "refundedOf"
  FROM "LedgerEntry" p WHERE p."id" = ? AND p."orderNumber" = ?`;

function refundOptions(settings: RobokassaSettings, urls: RobokassaApiUrls, deps: RobokassaRefundDeps): RefundClientOptions {
  return { url: urls.refunds, password3: settings.password3 ?? "", fetch: deps.fetch };
}

/**
 * Writes a finished refund to the ledger through the settlement core (exactly once: the ledger is
 * unique on the requestId) and marks the request; a canceled one is only marked.
 */
async function settleRefundState(sql: SqlDatabase, row: RefundRow, state: RefundState): Promise<ProviderActionOutcome> {
  if (state.label === "processing") return { ok: true, state: "processing" };
  if (state.label === "canceled") {
    await sql.run(refundStateSql, ["canceled", new Date(), row.requestId]);
    return { ok: false, reason: "provider_error", code: "canceled", message: refundCanceled };
  }
  const outcome = await settleOrder(sql, Number(row.orderNumber), async (order, session) => {
    const recorded = await order.recordRefund({
      provider: "robokassa",
      reference: row.requestId,
      amount: BigInt(row.amount),
      refundOf: String(row.invId),
      // Robokassa reports money already returned to the shopper.
      requireApproval: false,
    });
    await session.tx.run(refundStateSql, [recorded.ok ? "finished" : `finished_${recorded.reason}`, new Date(), row.requestId]);
    return recorded;
  });
  if (!outcome.ok) return { ok: false, reason: "not_found" };
  return { ok: true, state: "finished" };
}

const refundCanceled = { ru: "Robokassa отменила возврат.", uz: "Robokassa qaytarishni bekor qildi.", en: "Robokassa canceled the refund." };
const providerMessage = (message: string) => ({ ru: message, uz: message, en: message });

/**
 * The admin's refund of one Robokassa payment (ledger id), `amount` tiyin or — omitted — all that
 * is left of it. Approves the refund (DESIGN.md "Refunds"), asks OpStateExt for the OpKey,
 * requests the refund (RefundSum in kopeks at the attempt's own rate, omitted for a whole
 * payment), stores the requestId, polls briefly and records it if finished. Never sent twice for
 * one call; a refund still processing is finished by `pollOpenRobokassaRefunds`. The amount is
 * claimed under the order's lock first (a row in state `requesting`, canceled if Robokassa is not
 * asked or refuses): concurrent submits cannot ask for more than is left.
 */
export async function requestRobokassaRefund(
  deps: RobokassaRefundDeps,
  input: { orderNumber: number; ledgerId: number; amount?: bigint },
): Promise<ProviderActionOutcome> {
  const entry = await deps.sql.get<{ kind: string; provider: string; reference: string }>(paymentEntrySql, [input.ledgerId, input.orderNumber], { refundedOf: "bigint" });
  if (!entry) return { ok: false, reason: "not_found" };
  if (entry.kind !== "payment" || entry.provider !== "robokassa") return { ok: false, reason: "not_this_provider" };
  const attempt = await findRobokassaAttempt(deps.sql, BigInt(entry.reference));
  if (!attempt) return { ok: false, reason: "not_found" };

  const settings = await loadRobokassaSettings(deps.sql, deps.appSecret);
  const { password2 } = robokassaPasswords(settings);
  if (!settings.login || !password2 || !settings.password3) return { ok: false, reason: "not_available" };

  // Under the order's lock: what is left, the approval, and a claim on the amount (a row in state
  // `requesting`), so two submits at once cannot both ask Robokassa for the same money.
  const claimId = `claim:${randomUUID()}`;
  const claimed = await settleOrder(deps.sql, input.orderNumber, async (order, { tx }): Promise<ProviderActionOutcome | { ok: true; amount: bigint; refundSum: bigint | undefined }> => {
    const payment = await tx.get<{ amount: unknown; refundedOf: unknown }>(paymentEntrySql, [input.ledgerId, input.orderNumber], { refundedOf: "bigint" });
    if (!payment) return { ok: false, reason: "not_found" };
    const paid = BigInt(payment.amount as bigint);
    const now = Date.now();
    // Refunds still processing at Robokassa (or being asked) are not in the ledger yet but take their share already.
    const earlier = (await tx.all<RefundRow & { updatedAt: unknown }>(refundsOfInvoiceSql, [Number(attempt.invId)])).filter(
      (row) => row.state !== CLAIM_STATE || !(now - toMs(row.updatedAt) >= CLAIM_TTL_MS),
    );
    const pending = earlier.filter((row) => row.state === "processing" || row.state === CLAIM_STATE).reduce((sum, row) => sum + BigInt(row.amount), 0n);
    const remaining = paid - BigInt(payment.refundedOf as bigint) - pending;
    if (remaining <= 0n) return { ok: false, reason: "already_refunded" };
    const amount = input.amount ?? remaining;
    if (amount <= 0n || amount > remaining) return { ok: false, reason: "provider_error", code: "amount", message: providerMessage(`at most ${remaining} tiyin can be refunded`) };
    // Kopeks at the attempt's own rate: the whole of what is left, or the tiyin share rounded down.
    const earlierKopeks = earlier.reduce((sum, row) => sum + (row.refundSum === null ? attempt.outSum : BigInt(row.refundSum)), 0n);
    const refundSum = amount === paid ? undefined : amount === remaining ? attempt.outSum - earlierKopeks : (amount * attempt.outSum) / attempt.amount;
    if (refundSum !== undefined && refundSum <= 0n) return { ok: false, reason: "provider_error", code: "amount", message: providerMessage("the refund is less than one kopek") };
    const approved = await order.approveRefund({ ledgerId: input.ledgerId });
    if (!approved.ok) return { ok: false, reason: approved.reason === "already_refunded" ? "already_refunded" : "not_found" };
    const at = new Date(now);
    await tx.run(insertRefundSql, [claimId, Number(attempt.invId), input.orderNumber, amount, refundSum ?? null, CLAIM_STATE, at, at]);
    return { ok: true, amount, refundSum };
  });
  if (!claimed.ok) return claimed;
  if (!("amount" in claimed)) return { ok: false, reason: "not_found" };
  const { amount, refundSum } = claimed;
  const giveUp = async (outcome: ProviderActionOutcome): Promise<ProviderActionOutcome> => {
    await deps.sql.run(refundStateSql, ["canceled", new Date(), claimId]);
    return outcome;
  };

  const urls = robokassaApiUrls(settings, deps.env);
  const state = await fetchOpState({ url: urls.opState, merchantLogin: settings.login, password2, hash: settings.hash, fetch: deps.fetch }, attempt.invId);
  if (!state.ok) {
    const code = state.reason === "refused" ? state.code : state.reason;
    return giveUp({ ok: false, reason: "provider_error", code, message: providerMessage(`OpStateExt: ${"message" in state ? state.message : state.refusal}`) });
  }
  if (!state.found.opKey) return giveUp({ ok: false, reason: "provider_error", code: state.found.stateCode, message: providerMessage("OpStateExt gave no OpKey") });

  const options = refundOptions(settings, urls, deps);
  const created = await createRefund(options, { opKey: state.found.opKey, amount: refundSum });
  if (!created.ok) {
    const code = created.reason === "http_status" ? created.status : created.reason;
    return giveUp({ ok: false, reason: "provider_error", code, message: providerMessage(`Refund/Create: ${created.message}`) });
  }
  const row: RefundRow = { requestId: created.requestId, invId: Number(attempt.invId), orderNumber: input.orderNumber, amount, refundSum: refundSum ?? null, state: "processing" };
  await deps.sql.run(claimedSql, [row.requestId, "processing", new Date(), claimId]);
  const polled = await pollRefundState(options, created.requestId, deps.poll);
  // The request exists at Robokassa; a failed read leaves it to the periodic poll.
  if (!polled.ok) return { ok: true, state: "processing" };
  return settleRefundState(deps.sql, row, polled.refund);
}

/** The periodic job: reads the state of every refund still processing and records finished ones. */
export async function pollOpenRobokassaRefunds(deps: RobokassaRefundDeps): Promise<number> {
  const open = await deps.sql.all<RefundRow>(openRefundsSql);
  if (open.length === 0) return 0;
  const settings = await loadRobokassaSettings(deps.sql, deps.appSecret);
  const options = refundOptions(settings, robokassaApiUrls(settings, deps.env), deps);
  let settled = 0;
  for (const row of open) {
    const polled = await pollRefundState(options, row.requestId, { attempts: 1 });
    if (!polled.ok || polled.refund.label === "processing") continue;
    await settleRefundState(deps.sql, row, polled.refund);
    settled += 1;
  }
  return settled;
}

/** One stored refund request (tests, the admin). */
export async function findRobokassaRefund(sql: SqlExecutor, requestId: string): Promise<RefundRow | undefined> {
  return sql.get<RefundRow>(refundByIdSql, [requestId]);
}

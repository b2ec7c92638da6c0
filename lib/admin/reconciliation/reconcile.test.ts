import { describe, expect, it } from "vitest";
import type { PaymeAdminGateway, PaymeReceiptSnapshot } from "../../payments/payme/admin/payme-gateway";
import { csvCell, reconciliationCsv } from "./csv";
import { PAYME_PAGE_SIZE, paymeReconciliationSource } from "../../payments/payme/admin/reconciliation-source";
import { reconcile } from "./reconcile";
import type { LedgerRecord, ProviderRecord } from "./types";

const period = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
const at = new Date("2026-11-10T10:00:00Z");
const ours = (reference: string, paid: bigint, refunded = 0n, orderNumber = 1): LedgerRecord => ({ reference, orderNumber, paid, refunded, at });
const theirs = (reference: string, amount: bigint, state: ProviderRecord["state"]): ProviderRecord => ({
  reference,
  orderNumber: 1,
  amount,
  state,
  rawState: state,
  at,
});

describe("reconciliation", () => {
  it("matches equal records and lists every kind of difference", () => {
    const report = reconcile(
      "payme",
      period,
      [ours("a", 100n), ours("b", 200n), ours("c", 300n), ours("d", 400n, 400n), ours("only-ours", 50n)],
      [theirs("a", 100n, "paid"), theirs("b", 250n, "paid"), theirs("c", 300n, "refunded"), theirs("d", 400n, "refunded"), theirs("only-theirs", 70n, "paid"), theirs("unpaid", 80n, "unpaid")],
    );
    const kinds = Object.fromEntries(report.lines.map((line) => [line.reference, line.kind]));
    expect(kinds).toEqual({
      a: "match",
      b: "amount_mismatch",
      c: "state_mismatch",
      d: "match",
      "only-ours": "missing_at_provider",
      "only-theirs": "missing_in_ledger",
    });
    expect(report.matches).toBe(2);
    expect(report.differences).toBe(4);
    expect(report.lines[0]!.kind).not.toBe("match");
  });

  it("does not call a payment recorded just outside the period missing", () => {
    const outside = new Map([["late", ours("late", 100n)]]);
    const report = reconcile("payme", period, [], [theirs("late", 100n, "paid")], outside);
    expect(report.lines.map((line) => line.kind)).toEqual(["match"]);
  });

  it("lists payments the API cannot list as not checkable without a statement, and checks them against one", () => {
    const unlisted = new Set(["hosted-1", "hosted-2"]);
    const ledger = [ours("card", 100n), ours("hosted-1", 200n), ours("hosted-2", 300n, 300n)];
    const api = [theirs("card", 100n, "paid")];
    const without = reconcile("payme", period, ledger, api, new Map(), { unlisted, statement: null });
    expect(without.lines.map((line) => [line.reference, line.kind])).toEqual([
      ["hosted-1", "not_checkable"],
      ["hosted-2", "not_checkable"],
      ["card", "match"],
    ]);
    expect([without.matches, without.differences, without.notCheckable]).toEqual([1, 0, 2]);

    const statement = [theirs("hosted-1", 200n, "paid"), theirs("hosted-2", 300n, "refunded"), theirs("card", 999n, "paid")];
    const clean = reconcile("payme", period, ledger, api, new Map(), { unlisted, statement });
    // The API's record of "card" wins over the statement's.
    expect([clean.matches, clean.differences, clean.notCheckable]).toEqual([3, 0, 0]);

    const injected = reconcile("payme", period, ledger, api, new Map(), {
      unlisted,
      statement: [theirs("hosted-1", 250n, "paid"), theirs("stranger", 70n, "paid"), theirs("never-paid", 70n, "unpaid")],
    });
    expect(Object.fromEntries(injected.lines.map((line) => [line.reference, line.kind]))).toEqual({
      card: "match",
      "hosted-1": "amount_mismatch",
      "hosted-2": "missing_at_provider",
      stranger: "missing_in_ledger",
    });
    expect(reconciliationCsv(without)).toContain("not_checkable,payme,hosted-1,1,200,0,,,,");
  });

  it("pages through receipts.get_all by 50 until a short page", async () => {
    const all: PaymeReceiptSnapshot[] = Array.from({ length: 120 }, (_, index) => ({
      id: `r${index}`,
      state: 4,
      amount: 100n,
      orderNumber: index,
      createTime: 1,
      payTime: 2,
      cancelTime: 0,
    }));
    const calls: { count: number; offset: number }[] = [];
    const gateway = {
      async listReceipts(query: { from: number; to: number; count: number; offset: number }) {
        calls.push({ count: query.count, offset: query.offset });
        return { ok: true as const, receipts: all.slice(query.offset, query.offset + query.count) };
      },
    } as unknown as PaymeAdminGateway;
    const result = await paymeReconciliationSource(gateway).fetchRecords(period);
    expect(result.ok && result.records.length).toBe(120);
    expect(calls).toEqual([0, 50, 100].map((offset) => ({ count: PAYME_PAGE_SIZE, offset })));
  });

  it("writes CSV that a spreadsheet cannot mistake for formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    const csv = reconciliationCsv(reconcile("payme", period, [ours("x", 1n)], []));
    expect(csv.startsWith("\uFEFFresult,provider,reference")).toBe(true);
    expect(csv).toContain("missing_at_provider,payme,x,1,1,0,,,,");
  });
});

import { describe, expect, it } from "vitest";
import { statementCsv } from "../../../sandbox/payme-checkout/statement";
import type { EmulatorTransaction } from "../../../sandbox/payme-checkout/records";
import { parsePaymeStatement, statementAmount, statementTime } from "./statement";

const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = "ID транзакции;Время создания;Время проведения;Время отмены;Заказ;Сумма;Состояние;Причина";

describe("Payme cabinet statement", () => {
  it("reads amounts in so'm into tiyin and Tashkent times into instants", () => {
    expect(statementAmount("1 250 000,50")).toBe(125_000_050n);
    expect(statementAmount("125000.5")).toBe(12_500_050n);
    expect(statementAmount("12\u00a0500")).toBe(1_250_000n);
    expect(statementAmount("-5,00")).toBeNull();
    expect(statementAmount("1e3")).toBeNull();
    expect(statementTime("2026-11-10 15:04:05")).toEqual(new Date("2026-11-10T10:04:05Z"));
    expect(statementTime("10.11.2026 15:04")).toEqual(new Date("2026-11-10T10:04:00Z"));
    expect(statementTime("")).toBeUndefined();
    expect(statementTime("2026-02-30 10:00:00")).toBeNull();
  });

  it("reads the file the sandbox cabinet exports", () => {
    const tx = (id: string, state: number, amount: bigint, order: string): EmulatorTransaction => ({
      id,
      sessionId: "s",
      time: Date.parse("2026-11-10T10:00:00Z"),
      amount,
      account: { order_id: order },
      createTime: Date.parse("2026-11-10T10:00:01Z"),
      performTime: state === 2 || state === -2 ? Date.parse("2026-11-10T10:00:05Z") : 0,
      cancelTime: state < 0 ? Date.parse("2026-11-10T11:00:00Z") : 0,
      state,
      reason: state < 0 ? 5 : null,
      warnings: [],
    });
    const csv = statementCsv([tx("a1", 2, 125_000_000n, "7"), tx("b2", -2, 5_000n, "8"), tx("c3", -1, 100n, "9"), { ...tx("d4", 1, 1n, "10"), state: null }]);
    expect(csv.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(csv).toContain("a1;2026-11-10 15:00:01;2026-11-10 15:00:05;;order_id: 7;1 250 000,00;2;\r\n");
    const parsed = parsePaymeStatement(bytes(csv));
    expect(parsed).toEqual({
      ok: true,
      records: [
        { reference: "a1", orderNumber: 7, amount: 125_000_000n, state: "paid", rawState: "2", at: new Date("2026-11-10T10:00:05Z") },
        { reference: "b2", orderNumber: 8, amount: 5_000n, state: "refunded", rawState: "-2", at: new Date("2026-11-10T10:00:05Z") },
        { reference: "c3", orderNumber: 9, amount: 100n, state: "unpaid", rawState: "-1", at: new Date("2026-11-10T10:00:01Z") },
      ],
    });
  });

  it("takes the Merchant API's field names, any column order and commas between cells", () => {
    const parsed = parsePaymeStatement(bytes('amount,id,state,perform_time\r\n"1 000,00",x9,2,2026-11-10 15:00:00\n'));
    expect(parsed).toEqual({ ok: true, records: [{ reference: "x9", orderNumber: null, amount: 100_000n, state: "paid", rawState: "2", at: new Date("2026-11-10T10:00:00Z") }] });
  });

  it("refuses bad files with the reason, never throwing", () => {
    expect(parsePaymeStatement(bytes(""))).toEqual({ ok: false, error: "empty" });
    expect(parsePaymeStatement(bytes("\uFEFF  \r\n"))).toEqual({ ok: false, error: "empty" });
    expect(parsePaymeStatement(bytes("name;price\nteapot;100\n"))).toEqual({ ok: false, error: "columns", columns: ["ID транзакции", "Сумма", "Состояние"] });
    expect(parsePaymeStatement(bytes(`${HEADER}\na1;;;;order_id: 1;100,00;2;\nb2;;;;order_id: 2;сто;2;\n`))).toEqual({ ok: false, error: "row", line: 3, column: "Сумма" });
    expect(parsePaymeStatement(bytes(`${HEADER}\na1;;;;order_id: 1;100,00;7;\n`))).toEqual({ ok: false, error: "row", line: 2, column: "Состояние" });
    expect(parsePaymeStatement(bytes(`${HEADER}\na1;yesterday;;;order_id: 1;100,00;2;\n`))).toEqual({ ok: false, error: "row", line: 2, column: "Время создания" });
    expect(parsePaymeStatement(bytes(`${HEADER}\n"a1;;;;1;100;2\n`))).toMatchObject({ ok: false, error: "row" });
    expect(parsePaymeStatement(new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x00]))).toMatchObject({ ok: false });
  });
});

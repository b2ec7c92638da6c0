// Issue 15 (3): two store instances on one PostgreSQL database behind a round-robin proxy (as a
// load balancer would put them). For every provider, duplicate payment callbacks of many orders
// are sent all at once through the proxy, so copies of one callback land on both instances at
// the same moment: each order is paid once, every copy gets the same answer. PostgreSQL only
// (SQLite serves one process); TWO_INSTANCE_DUPLICATES per provider: 100 in `npm test`, 1 000
// in `npm run test:soak`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { freshDatabase, type FreshDatabase } from "./helpers/database";
import { createOrder, startPaymeStores, type PaymeStore, type StoreOrder } from "./helpers/payme";
import { callbackCredentials, clickAmount, clickFields, newClickTransId, newPaymeId, paymeAuthorization, paymeBody, robokassaResultFields, shpOf } from "./helpers/provider-callbacks";
import { startRoundRobinProxy, type RoundRobinProxy } from "./helpers/round-robin-proxy";

const DUPLICATES = Math.max(10, Number(process.env.TWO_INSTANCE_DUPLICATES ?? 100));
/** Copies of each order's callback; DUPLICATES / COPIES orders per provider. */
const COPIES = 10;
const ORDERS = Math.ceil(DUPLICATES / COPIES);

const credentials = callbackCredentials();

type Answer = { status: number; text: string };

describe(`two instances on postgresql behind a round-robin proxy: ${DUPLICATES} duplicate callbacks per provider`, () => {
  let database: FreshDatabase;
  let stores: PaymeStore[];
  let proxy: RoundRobinProxy;
  let sql: SqlDatabase;

  /**
   * Calls that got no answer — a 408 from the node server (not read within 30 s on a loaded
   * machine) or a connection reset under a burst of a thousand — sent again, as a provider does
   * (each one more duplicate for the store).
   */
  let sentAgain = 0;
  const post = async (path: string, contentType: string, body: string, headers: Record<string, string> = {}): Promise<Answer> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await fetch(`${proxy.url}${path}`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
        const answer = { status: response.status, text: await response.text() };
        if (answer.status !== 408) return answer;
      } catch (error) {
        if (attempt >= 5) throw error;
      }
      sentAgain += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const newOrders = () => Promise.all(Array.from({ length: ORDERS }, () => createOrder(proxy.url)));

  /** The order's payments in the ledger. */
  async function paymentsOf(orders: StoreOrder[]) {
    const rows = await sql.all<{ orderNumber: number; provider: string; reference: string; amount: bigint }>(
      `SELECT "orderNumber", "provider", "reference", "amount" FROM "LedgerEntry" WHERE "kind" = 'payment'`,
      [],
      { orderNumber: "number", amount: "bigint" },
    );
    return orders.map((order) => rows.filter((row) => row.orderNumber === Number(order.number)));
  }

  beforeAll(async () => {
    database = await freshDatabase("postgresql");
    // startPaymeStores makes its own Payme key: give it ours, with the other providers' credentials.
    stores = await startPaymeStores(database, 2, credentials.env);
    proxy = await startRoundRobinProxy(stores.map((store) => store.app.url));
    sql = createSql(database.url);
  });

  afterAll(async () => {
    await proxy?.close();
    await sql?.close();
    await Promise.all((stores ?? []).map((store) => store.app.stop()));
    await database?.drop();
  });

  it("Payme: duplicate CreateTransaction and PerformTransaction copies over both instances — one transaction, one payment per order", async () => {
    const orders = await newOrders();
    const headers = { authorization: paymeAuthorization(credentials.paymeKey) };
    const ids = orders.map(() => newPaymeId());
    const copies = <T>(make: (order: StoreOrder, index: number) => Promise<T>) => Promise.all(orders.flatMap((order, index) => Array.from({ length: COPIES }, () => make(order, index))));
    const servedBefore = proxy.served();
    const created = await copies((order, index) =>
      post("/api/payme", "application/json", paymeBody("CreateTransaction", { id: ids[index], time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } }), headers),
    );
    for (const answer of created) expect(JSON.parse(answer.text).result?.state, answer.text).toBe(1);
    const performed = await copies((_order, index) => post("/api/payme", "application/json", paymeBody("PerformTransaction", { id: ids[index] }), headers));
    for (const [position, answer] of performed.entries()) {
      const result = JSON.parse(answer.text).result as { state: number; perform_time: number; transaction: string };
      expect(result?.state, answer.text).toBe(2);
      // Every copy of one order's Perform reports the same transaction and perform time.
      const first = JSON.parse(performed[Math.floor(position / COPIES) * COPIES]!.text).result;
      expect(result).toEqual(first);
    }
    const payments = await paymentsOf(orders);
    for (const [index, rows] of payments.entries()) expect(rows.map((row) => [row.provider, row.reference, row.amount]), orders[index]!.number).toEqual([["payme", ids[index], BigInt(orders[index]!.amount)]]);
    const spread = proxy.served().map((count, index) => count - servedBefore[index]!);
    expect(Math.min(...spread), `requests per instance: ${spread}`).toBeGreaterThan(0);
  });

  it("Click: duplicate Prepare and Complete copies over both instances — one Prepare confirmed, one payment per order", async () => {
    const orders = await newOrders();
    const form = "application/x-www-form-urlencoded";
    const transIds = orders.map(() => newClickTransId());
    const base = (order: StoreOrder, index: number) => ({ click_trans_id: transIds[index]!, merchant_trans_id: order.number, amount: clickAmount(order.amount) });
    const prepareBodies = orders.map((order, index) => new URLSearchParams(clickFields(credentials, base(order, index))).toString());
    const prepared = await Promise.all(orders.flatMap((_order, index) => Array.from({ length: COPIES }, () => post("/api/click/prepare", form, prepareBodies[index]!))));
    const prepareIds = orders.map((_order, index) => {
      const answers = prepared.slice(index * COPIES, (index + 1) * COPIES).map((answer) => JSON.parse(answer.text) as { error: number; merchant_prepare_id: number });
      for (const answer of answers) expect(answer, JSON.stringify(answers)).toMatchObject({ error: 0, merchant_prepare_id: answers[0]!.merchant_prepare_id });
      return String(answers[0]!.merchant_prepare_id);
    });
    const completeBodies = orders.map((order, index) => new URLSearchParams(clickFields(credentials, { ...base(order, index), merchant_prepare_id: prepareIds[index] })).toString());
    const completed = await Promise.all(orders.flatMap((_order, index) => Array.from({ length: COPIES }, () => post("/api/click/complete", form, completeBodies[index]!))));
    for (const [index] of orders.entries()) {
      const answers = completed.slice(index * COPIES, (index + 1) * COPIES).map((answer) => JSON.parse(answer.text) as { error: number; merchant_confirm_id: number });
      for (const answer of answers) expect(answer, JSON.stringify(answers)).toMatchObject({ error: 0, merchant_confirm_id: answers[0]!.merchant_confirm_id });
    }
    const payments = await paymentsOf(orders);
    for (const [index, rows] of payments.entries()) expect(rows.map((row) => [row.provider, row.reference]), orders[index]!.number).toEqual([["click", transIds[index]]]);
    const confirmed = await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ClickPrepare" WHERE "state" = 'confirmed' AND "clickTransId" IN (${transIds.map(() => "?").join(",")})`, transIds, { n: "number" });
    expect(confirmed[0]!.n).toBe(orders.length);
  });

  it("Robokassa: duplicate ResultURL copies over both instances — OK to each, one payment per order", async () => {
    const orders = await newOrders();
    const forms = await Promise.all(
      orders.map(async (order) => {
        const answer = await post(`/api/orders/${order.id}/payments`, "application/json", JSON.stringify({ provider: "robokassa", lang: "en" }));
        expect(answer.status, answer.text).toBe(200);
        return (JSON.parse(answer.text) as { form: { fields: Record<string, string> } }).form.fields;
      }),
    );
    const bodies = forms.map((fields) => new URLSearchParams(robokassaResultFields(credentials.robokassaPassword2, fields.OutSum!, fields.InvId!, shpOf(fields))).toString());
    const answers = await Promise.all(orders.flatMap((_order, index) => Array.from({ length: COPIES }, () => post("/api/robokassa/result", "application/x-www-form-urlencoded", bodies[index]!))));
    for (const [position, answer] of answers.entries()) expect(answer).toEqual({ status: 200, text: `OK${forms[Math.floor(position / COPIES)]!.InvId}` });
    const payments = await paymentsOf(orders);
    for (const [index, rows] of payments.entries()) expect(rows.map((row) => [row.provider, row.reference]), orders[index]!.number).toEqual([["robokassa", forms[index]!.InvId]]);
  });

  it("both instances served, and neither logged an unexpected failure", () => {
    expect(proxy.served().every((count) => count >= DUPLICATES)).toBe(true);
    for (const store of stores) expect(store.app.logs()).not.toMatch(/Unexpected error|payme: \w+ failed/);
    console.log(`two instances: requests per instance ${proxy.served().join(" / ")}, ${sentAgain} calls without an answer sent again`);
  });
});

// Abuse of Click's and Robokassa's endpoints against the running store (issues 11, 12): bad input
// of every shape, signature edge cases, duplicates and races (on PostgreSQL across two store
// processes), and the admin refund paths' amounts and concurrent submits.
import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, orderView, startPaymeStores, StoreDatabase, type PaymeStore, type StoreOrder } from "./helpers/payme";

const kind = testDatabaseKind();
const INSTANCES = kind === "postgresql" ? 2 : 1;

const SERVICE_ID = "31001";
const SECRET = `click-secret-${randomBytes(8).toString("hex")}`;
const PASSWORD1 = `p1-${randomBytes(9).toString("base64url")}`;
const PASSWORD2 = `p2-${randomBytes(9).toString("base64url")}`;
const ENV = {
  CLICK_SERVICE_ID: SERVICE_ID,
  CLICK_MERCHANT_ID: "42002",
  CLICK_MERCHANT_USER_ID: "53003",
  CLICK_SECRET_KEY: SECRET,
  ROBOKASSA_LOGIN: "tolov-abuse-shop",
  ROBOKASSA_TEST_PASSWORD1: PASSWORD1,
  ROBOKASSA_TEST_PASSWORD2: PASSWORD2,
  ROBOKASSA_PASSWORD3: `p3-${randomBytes(9).toString("base64url")}`,
  ROBOKASSA_HASH: "md5",
};

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
let nextTransId = 8_000_000_000n + BigInt(Date.now() % 1_000_000) * 1000n;
const newTransId = () => String(nextTransId++);
const signTime = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
const sum = (tiyin: string | bigint) => `${BigInt(tiyin) / 100n}.${String(BigInt(tiyin) % 100n).padStart(2, "0")}`;

type Fields = Record<string, string>;
function clickFields(input: { click_trans_id: string; merchant_trans_id: string; amount: string; merchant_prepare_id?: string; error?: string; action?: string }): Fields {
  const complete = input.merchant_prepare_id !== undefined;
  const fields: Fields = {
    click_trans_id: input.click_trans_id,
    service_id: SERVICE_ID,
    click_paydoc_id: String(BigInt(input.click_trans_id) + 5n),
    merchant_trans_id: input.merchant_trans_id,
    ...(complete ? { merchant_prepare_id: input.merchant_prepare_id! } : {}),
    amount: input.amount,
    action: input.action ?? (complete ? "1" : "0"),
    error: input.error ?? "0",
    error_note: "Success",
    sign_time: signTime(),
  };
  fields.sign_string = md5(
    fields.click_trans_id! + fields.service_id + SECRET + fields.merchant_trans_id + (complete ? fields.merchant_prepare_id : "") + fields.amount + fields.action + fields.sign_time,
  );
  return fields;
}

type ClickAnswer = { error: number; merchant_prepare_id?: unknown; merchant_confirm_id?: unknown; click_trans_id?: unknown };
type Raw = { status: number; type: string; text: string };

describe(`Click and Robokassa abuse on ${kind}, ${INSTANCES} store process(es)`, () => {
  let database: FreshDatabase;
  let stores: PaymeStore[];
  let db: StoreDatabase;
  const app = (i = 0) => stores[i % stores.length]!.app.url;

  async function raw(url: string, init: RequestInit): Promise<Raw> {
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type") ?? "", text };
  }
  const click = (endpoint: string, body: string, contentType: string | null = "application/x-www-form-urlencoded", method = "POST", i = 0) =>
    raw(`${app(i)}/api/click/${endpoint}`, { method, headers: contentType ? { "content-type": contentType } : {}, body: method === "GET" || method === "HEAD" ? undefined : body });
  const clickForm = (endpoint: string, fields: Fields, i = 0) => click(endpoint, new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", "POST", i);
  const parsed = (answer: Raw): ClickAnswer => {
    expect(answer.status, answer.text).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.text).not.toMatch(/stack|Error:|at \//);
    return JSON.parse(answer.text) as ClickAnswer;
  };

  beforeAll(async () => {
    database = await freshDatabase(kind);
    stores = await startPaymeStores(database, INSTANCES, ENV);
    db = new StoreDatabase(database.url, stores[0]!.appSecret);
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all((stores ?? []).map((store) => store.app.stop()));
    await database?.drop();
  });

  it("Click: bad input of every shape gets -8 (or its documented code) in Click's JSON, never a 500; nothing written", async () => {
    const order = await createOrder(app());
    const base = () => ({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) });
    const good = clickFields(base());
    const json = (value: unknown) => JSON.stringify(value);
    const form = new URLSearchParams(good).toString();
    const expectations: [string, Promise<Raw>, number][] = [
      ["empty form", click("prepare", ""), -8],
      ["empty json", click("prepare", "", "application/json"), -8],
      ["no content type", click("prepare", form, null), -8],
      ["text/plain", click("prepare", form, "text/plain"), -8],
      ["multipart", click("prepare", "--x\r\n", "multipart/form-data; boundary=x"), -8],
      ["PUT", click("prepare", form, "application/x-www-form-urlencoded", "PUT"), -8],
      ["DELETE", click("complete", "", null, "DELETE"), -8],
      ["GET with the fields as query", raw(`${app()}/api/click/prepare?${form}`, {}), -8],
      ["json array", click("prepare", "[1,2]", "application/json"), -8],
      ["json null", click("prepare", "null", "application/json"), -8],
      ["json nested", click("prepare", json({ ...good, amount: { a: 1 } }), "application/json"), -8],
      ["json array for a scalar", click("prepare", json({ ...good, amount: [good.amount] }), "application/json"), -8],
      ["json bool", click("prepare", json({ ...good, action: true }), "application/json"), -8],
      ["json 1e400", click("prepare", json(good).replace(`"click_paydoc_id":"${good.click_paydoc_id}"`, `"click_paydoc_id":1e400`), "application/json"), -8],
      ["json 400 digits", click("prepare", json(good).replace(`"click_trans_id":"${good.click_trans_id}"`, `"click_trans_id":${"9".repeat(400)}`), "application/json"), -8],
      ["json duplicate key", click("prepare", json(good).replace("{", `{"amount":"1",`), "application/json"), -8],
      ["json __proto__ object", click("prepare", json(good).replace("{", `{"__proto__":{"x":1},`), "application/json"), -8],
      ["form duplicate", click("prepare", `amount=1&${form}`), -8],
      ["negative id", clickForm("prepare", { ...good, click_trans_id: "-5" }), -8],
      ["float id", clickForm("prepare", { ...good, click_trans_id: "5.5" }), -8],
      ["id 2^63", clickForm("prepare", { ...good, click_trans_id: "9223372036854775808" }), -8],
      ["error 20 digits", clickForm("prepare", { ...good, error: "99999999999999999999" }), -8],
      ["empty sign", clickForm("prepare", { ...good, sign_string: "" }), -8],
      ["huge body", click("prepare", `x=${"a".repeat(100_000)}`), -8],
      ["unicode order", clickForm("prepare", clickFields({ ...base(), merchant_trans_id: "заказ😀" })), -5],
      ["order 0", clickForm("prepare", clickFields({ ...base(), merchant_trans_id: "0" })), -5],
      ["order beyond INTEGER", clickForm("prepare", clickFields({ ...base(), merchant_trans_id: "99999999999" })), -5],
      ["order -1", clickForm("prepare", clickFields({ ...base(), merchant_trans_id: "-1" })), -5],
      ["order padded", clickForm("prepare", clickFields({ ...base(), merchant_trans_id: ` ${order.number}` })), -5],
      ["order zero-led", clickForm("prepare", clickFields({ ...base(), merchant_trans_id: `0${order.number}` })), -5],
      ["amount 1.5e4", clickForm("prepare", clickFields({ ...base(), amount: "1.5e4" })), -2],
      ["amount with a space", clickForm("prepare", clickFields({ ...base(), amount: ` ${sum(order.amount)}` })), -2],
      ["amount 3 decimals", clickForm("prepare", clickFields({ ...base(), amount: `${sum(order.amount)}0` })), -2],
      ["amount negative", clickForm("prepare", clickFields({ ...base(), amount: `-${sum(order.amount)}` })), -2],
      ["amount comma", clickForm("prepare", clickFields({ ...base(), amount: sum(order.amount).replace(".", ",") })), -2],
      ["amount 39 digits", clickForm("prepare", clickFields({ ...base(), amount: "9".repeat(39) })), -2],
      ["amount 0", clickForm("prepare", clickFields({ ...base(), amount: "0" })), -2],
      ["amount Infinity", clickForm("prepare", clickFields({ ...base(), amount: "Infinity" })), -2],
      ["action -0", clickForm("prepare", clickFields({ ...base(), action: "-0" })), -3],
      ["action 00", clickForm("prepare", clickFields({ ...base(), action: "00" })), -3],
      ["complete, prepare id -1", clickForm("complete", clickFields({ ...base(), merchant_prepare_id: "-1" })), -6],
      ["complete, prepare id 60 digits", clickForm("complete", clickFields({ ...base(), merchant_prepare_id: "9".repeat(60) })), -6],
      ["complete, prepare id unicode", clickForm("complete", clickFields({ ...base(), merchant_trans_id: "ü", merchant_prepare_id: "ü" })), -6],
    ];
    for (const [label, call, code] of expectations) expect(parsed(await call).error, label).toBe(code);
    expect(await db.count("ClickPrepare")).toBe(0);
    expect(await db.reservation(order.number)).toBeUndefined();
    // The pay-by-phone endpoints: 4xx JSON, never a 500.
    const phoneCalls = [
      raw(`${app()}/api/click/invoice/status?orderId[]=1&invoice=%00`, {}),
      raw(`${app()}/api/click/invoice/status`, {}),
      raw(`${app()}/api/click/invoice/status?orderId=${"a".repeat(5000)}&invoice=${"b".repeat(5000)}`, {}),
      raw(`${app()}/api/click/invoice`, { method: "POST" }),
      raw(`${app()}/api/click/invoice`, { method: "POST", headers: { "content-type": "application/json" }, body: "{x" }),
      raw(`${app()}/api/click/invoice`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"orderId":["a"]}' }),
      raw(`${app()}/api/click/invoice`, { method: "POST", headers: { "content-type": "application/json" }, body: "null" }),
      raw(`${app()}/api/click/invoice`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `orderId=${order.id}` }),
      raw(`${app()}/api/click/invoice`, { method: "POST", headers: { "content-type": "application/json" }, body: json({ orderId: "a".repeat(2_000_000) }) }),
      raw(`${app()}/api/click/invoice`, { method: "PUT", body: "{}" }),
    ];
    for (const answer of await Promise.all(phoneCalls)) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
      expect(answer.status, answer.text).toBeLessThan(500);
      expect(answer.text).not.toMatch(/stack|at \//);
    }
  });

  /** A successful Prepare of the whole order; its fields and merchant_prepare_id. */
  async function prepared(order: StoreOrder, i = 0) {
    const fields = { click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) };
    const answer = parsed(await clickForm("prepare", clickFields(fields), i));
    expect(answer.error).toBe(0);
    return { fields, prepareId: String(answer.merchant_prepare_id) };
  }

  it("Click: cancels (error ≤ -1) racing successful Completes of one Prepare across instances: one decision, everyone gets it, at most one payment", async () => {
    for (let round = 0; round < 3; round += 1) {
      const order = await createOrder(app());
      const { fields, prepareId } = await prepared(order);
      const calls = Array.from({ length: 20 }, (_unused, index) =>
        clickForm("complete", clickFields({ ...fields, merchant_prepare_id: prepareId, ...(index % 2 === round % 2 ? { error: "-5017" } : {}) }), index),
      );
      const answers = (await Promise.all(calls)).map(parsed);
      expect(new Set(answers.map((answer) => answer.error)).size, JSON.stringify(answers)).toBe(1);
      const ledger = await db.ledger(order.number);
      if (answers[0]!.error === 0) {
        expect(ledger).toHaveLength(1);
        expect(await db.order(order.number)).toMatchObject({ status: "paid" });
      } else {
        expect(answers[0]!.error).toBe(-9);
        expect(ledger).toEqual([]);
        expect(await db.reservation(order.number)).toBeUndefined();
        expect((await orderView(app(), order.id)).payable).toBe(true);
      }
    }
  });

  it("Click: a Complete racing a new Prepare that replaces it: either paid (-4 to the newcomer) or replaced (-9), never both", async () => {
    for (let round = 0; round < 3; round += 1) {
      const order = await createOrder(app());
      const first = await prepared(order);
      const newcomer = { click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) };
      const [done, replacing] = (
        await Promise.all([clickForm("complete", clickFields({ ...first.fields, merchant_prepare_id: first.prepareId }), round), clickForm("prepare", clickFields(newcomer), round + 1)])
      ).map(parsed);
      const ledger = await db.ledger(order.number);
      if (done!.error === 0) {
        expect(replacing!.error).toBe(-4);
        expect(ledger).toHaveLength(1);
      } else {
        expect([done!.error, replacing!.error]).toEqual([-9, 0]);
        expect(ledger).toEqual([]);
        expect(await db.reservation(order.number)).toMatchObject({ reference: newcomer.click_trans_id });
      }
    }
  });

  it("Click: a Complete naming another order's Prepare gets -6 and decides nothing; 20 transactions racing on one order pay it at most once", async () => {
    const a = await createOrder(app());
    const b = await createOrder(app());
    const prepA = await prepared(a);
    const cross = parsed(await clickForm("complete", clickFields({ ...prepA.fields, merchant_trans_id: b.number, merchant_prepare_id: prepA.prepareId })));
    expect(cross.error).toBe(-6);
    // Another click_trans_id with A's merchant_prepare_id: not its transaction.
    const foreign = parsed(await clickForm("complete", clickFields({ ...prepA.fields, click_trans_id: newTransId(), merchant_prepare_id: prepA.prepareId })));
    expect(foreign.error).toBe(-6);
    expect(await db.ledger(a.number)).toEqual([]);
    expect(await db.ledger(b.number)).toEqual([]);
    expect(await db.reservation(a.number)).toMatchObject({ reference: prepA.fields.click_trans_id });

    const order = await createOrder(app());
    const many = Array.from({ length: 20 }, () => ({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) }));
    const prepares = (await Promise.all(many.map((fields, index) => clickForm("prepare", clickFields(fields), index)))).map(parsed);
    const completes = (
      await Promise.all(
        many.map((fields, index) =>
          prepares[index]!.error === 0 ? clickForm("complete", clickFields({ ...fields, merchant_prepare_id: String(prepares[index]!.merchant_prepare_id) }), index) : null,
        ),
      )
    ).flatMap((answer) => (answer ? [parsed(answer)] : []));
    const paid = completes.filter((answer) => answer.error === 0);
    expect(paid.length).toBeLessThanOrEqual(1);
    expect(await db.ledger(order.number)).toHaveLength(paid.length);
    for (const answer of completes) expect([0, -4, -9]).toContain(answer.error);
  });

  type RoboForm = Record<string, string>;
  async function robokassaAttempt(order: StoreOrder): Promise<RoboForm> {
    const response = await fetch(`${app()}/api/orders/${order.id}/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "robokassa", lang: "en" }),
    });
    const body = (await response.json()) as { form: { fields: RoboForm } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.form.fields;
  }
  /** ResultURL fields as Robokassa signs them: md5(OutSum:InvId:Password2[:Shp_…]), upper case. */
  function robokassaNotification(outSum: string, invId: string, shp: Record<string, string>, password2 = PASSWORD2): Record<string, string> {
    const tail = Object.keys(shp)
      .sort()
      .map((name) => `:${name}=${shp[name]}`)
      .join("");
    return { OutSum: outSum, InvId: invId, SignatureValue: md5(`${outSum}:${invId}:${password2}${tail}`).toUpperCase(), IsTest: "1", ...shp };
  }
  const notify = (fields: Record<string, string> | string, method = "POST", i = 0) => {
    const body = typeof fields === "string" ? fields : new URLSearchParams(fields).toString();
    return method === "POST"
      ? raw(`${app(i)}/api/robokassa/result`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body })
      : raw(`${app(i)}/api/robokassa/result?${body}`, { method });
  };
  const plain = (answer: Raw) => {
    expect(answer.type, answer.text).toMatch(/^text\/plain/);
    expect(answer.text).not.toMatch(/stack|Error:|at \//);
    return { status: answer.status, text: answer.text };
  };

  it("Robokassa ResultURL: signature case, OutSum formats, duplicate Shp_, InvId overflow and methods — 4xx plain text, nothing changed", async () => {
    const order = await createOrder(app());
    const fields = await robokassaAttempt(order);
    const invId = fields.InvId!;
    const outSum = fields.OutSum!;
    const shp = { Shp_key: fields.Shp_key!, Shp_order: order.number };
    const refused: [string, Promise<Raw>, number][] = [
      ["comma", notify(robokassaNotification(outSum.replace(".", ","), invId, shp)), 400],
      ["exponent", notify(robokassaNotification(`${outSum}e0`, invId, shp)), 400],
      ["negative", notify(robokassaNotification(`-${outSum}`, invId, shp)), 400],
      ["space", notify(robokassaNotification(` ${outSum}`, invId, shp)), 400],
      ["below the kopek", notify(robokassaNotification(`${outSum}0001`, invId, shp)), 409],
      ["one kopek more", notify(robokassaNotification((Number(outSum.replace(".", "")) + 1).toString().replace(/(\d\d)$/, ".$1"), invId, shp)), 409],
      ["forged", notify(robokassaNotification(outSum, invId, shp, "guess")), 403],
      ["signature of another Shp_ set", notify({ ...robokassaNotification(outSum, invId, shp), Shp_extra: "1" }), 403],
      ["duplicate Shp_", notify(`${new URLSearchParams(robokassaNotification(outSum, invId, shp))}&Shp_order=1`), 400],
      ["duplicate InvId", notify(`${new URLSearchParams(robokassaNotification(outSum, invId, shp))}&InvId=${invId}`), 400],
      ["unknown InvId", notify(robokassaNotification(outSum, "987654321", shp)), 404],
      ["InvId beyond INTEGER", notify(robokassaNotification(outSum, "2147483648", shp)), 404],
      ["InvId 2^63", notify(robokassaNotification(outSum, "9223372036854775808", shp)), 400],
      ["InvId 0", notify(robokassaNotification(outSum, "0", shp)), 400],
      ["InvId 01", notify(robokassaNotification(outSum, `0${invId}`, shp)), 400],
      ["empty", notify(""), 400],
      ["unicode junk", notify("OutSum=%D0%B9&InvId=%F0%9F%98%80&SignatureValue=zz"), 400],
      ["body too large", notify(`x=${"a".repeat(40_000)}`), 413],
    ];
    for (const [label, call, status] of refused) expect(plain(await call).status, label).toBe(status);
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const answer = await raw(`${app()}/api/robokassa/result?${new URLSearchParams(robokassaNotification(outSum, invId, shp))}`, { method });
      expect(answer.status, `${method}: ${answer.text}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${method}: ${answer.text}`).toBeLessThan(500);
    }
    expect(await db.ledger(order.number)).toEqual([]);
    expect((await orderView(app(), order.id)).status).toBe("pending");
    // Lower-case and upper-case signatures of a six-decimal OutSum are the same notification.
    const six = `${outSum}0000`;
    const lower = robokassaNotification(six, invId, shp);
    lower.SignatureValue = lower.SignatureValue!.toLowerCase();
    expect(plain(await notify(lower))).toEqual({ status: 200, text: `OK${invId}` });
    expect(plain(await notify(robokassaNotification(six, invId, shp), "GET"))).toEqual({ status: 200, text: `OK${invId}` });
    expect(await db.ledger(order.number)).toHaveLength(1);
  });

  it("Robokassa ResultURL for an order cancelled meanwhile, or paid by Click meanwhile: recorded once, OK to every duplicate, overpayment shown", async () => {
    const cancelled = await createOrder(app());
    const forCancelled = await robokassaAttempt(cancelled);
    await db.setOrderColumn(cancelled.number, "cancelledAt", new Date());
    const byClick = await createOrder(app());
    const forClick = await robokassaAttempt(byClick);
    const click = await prepared(byClick);
    expect(parsed(await clickForm("complete", clickFields({ ...click.fields, merchant_prepare_id: click.prepareId }))).error).toBe(0);

    for (const [order, fields] of [
      [cancelled, forCancelled],
      [byClick, forClick],
    ] as const) {
      const note = robokassaNotification(fields.OutSum!, fields.InvId!, { Shp_key: fields.Shp_key!, Shp_order: order.number });
      const answers = await Promise.all(Array.from({ length: 20 }, (_unused, index) => notify(note, index % 2 ? "GET" : "POST", index)));
      for (const answer of answers) expect(plain(answer)).toEqual({ status: 200, text: `OK${fields.InvId}` });
      expect((await db.ledger(order.number)).filter((entry) => entry.provider === "robokassa")).toHaveLength(1);
    }
    const cancelledView = (await orderView(app(), cancelled.id)) as unknown as { status: string; paidAmount: string; overpaidAmount: string };
    expect(cancelledView).toMatchObject({ status: "cancelled", paidAmount: cancelled.amount, overpaidAmount: cancelled.amount });
    const doubleView = (await orderView(app(), byClick.id)) as unknown as { status: string; paidAmount: string; overpaidAmount: string };
    expect(doubleView).toMatchObject({ status: "paid", paidAmount: String(2n * BigInt(byClick.amount)), overpaidAmount: byClick.amount });
  });

  it("Robokassa Success and Fail: forged, malformed or unknown returns are refused in plain text and change nothing", async () => {
    const order = await createOrder(app());
    const fields = await robokassaAttempt(order);
    const query = (extra: Record<string, string>) => new URLSearchParams({ InvId: fields.InvId!, OutSum: fields.OutSum!, Culture: "en", ...extra });
    const calls: [string, string, number][] = [
      ["success forged", `success?${query({ SignatureValue: "0".repeat(32), Shp_order: order.number })}`, 403],
      ["success no signature", `success?${query({})}`, 400],
      ["success duplicate InvId", `success?${query({ SignatureValue: "0".repeat(32) })}&InvId=1`, 400],
      ["success InvId 2^63", `success?${new URLSearchParams({ InvId: "9223372036854775808", OutSum: "1.00", SignatureValue: "0".repeat(32) })}`, 400],
      ["fail no key", `fail?${query({})}`, 403],
      ["fail overflow", `fail?InvId=99999999999999999999`, 400],
      ["fail junk", `fail?InvId=%00`, 400],
      ["fail unknown", `fail?InvId=2147483647&Shp_key=x`, 404],
    ];
    for (const [label, path, status] of calls) {
      const answer = await raw(`${app()}/api/robokassa/${path}`, { redirect: "manual" });
      expect(answer.status, `${label}: ${answer.text}`).toBe(status);
      expect(answer.text).not.toContain(order.id);
    }
    expect((await orderView(app(), order.id)) as unknown).toMatchObject({ status: "pending", confirmation: null });
  });

  /** An order paid through the emulator's Robokassa page (so its refund API knows the invoice); its payment's ledger id. */
  async function paidThroughRobokassa(): Promise<{ order: StoreOrder; ledgerId: number; invId: string }> {
    const sandbox = `http://127.0.0.1:${stores[0]!.app.port + 1}`;
    for (let i = 0; i < 100; i += 1) {
      const up = await fetch(`${sandbox}/robokassa/cabinet`).then((response) => response.status === 401, () => false);
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const order = await createOrder(app());
    const response = await fetch(`${app()}/api/orders/${order.id}/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "robokassa" }) });
    const request = (await response.json()) as { url: string; form: { fields: RoboForm } };
    const opened = await fetch(request.url, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const page = new URL(opened.headers.get("location")!, request.url);
    const paid = await fetch(page, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=pay" });
    expect(paid.status).toBe(303);
    expect(await db.order(order.number)).toMatchObject({ status: "paid" });
    const entry = await db.sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [Number(order.number)]);
    return { order, ledgerId: Number(entry!.id), invId: request.form.fields.InvId! };
  }

  it("Robokassa refunds: amount 0, negative or above what is left refused before Robokassa is asked; concurrent submits never refund more than the ledger records", async () => {
    const { refundLedgerPayment } = await import("@/lib/admin/provider-actions");
    const { requestRobokassaRefund } = await import("@/lib/payments/robokassa/refunds");
    const deps = {
      sql: db.sql,
      appSecret: stores[0]!.appSecret,
      env: { PUBLIC_URL: app(), SANDBOX_PORT: stores[0]!.app.port + 1 },
      poll: { intervalMs: 20, attempts: 10 },
    };
    const rows = (orderNumber: string) =>
      db.sql.all<{ amount: bigint; state: string }>(`SELECT "amount", "state" FROM "RobokassaRefund" WHERE "orderNumber" = ? ORDER BY "createdAt"`, [Number(orderNumber)], {
        amount: "bigint",
      });
    const refundedInLedger = async (orderNumber: string) =>
      (await db.ledger(orderNumber)).filter((entry) => entry.kind === "refund").reduce((total, entry) => total + BigInt(entry.amount), 0n);

    const first = await paidThroughRobokassa();
    const paid = BigInt(first.order.amount);
    const target = { sql: db.sql, ip: "127.0.0.1", orderNumber: Number(first.order.number), ledgerId: first.ledgerId };
    for (const amount of [0n, -1n, -paid, paid + 1n]) expect(await refundLedgerPayment({ ...target, amount })).toEqual({ ok: false, reason: "bad_amount", left: paid });
    for (const amount of [0n, -5n, paid + 1n]) {
      expect(await requestRobokassaRefund(deps, { orderNumber: target.orderNumber, ledgerId: target.ledgerId, amount })).toMatchObject({ ok: false, code: "amount" });
    }
    expect(await rows(first.order.number)).toEqual([]);

    // A part and "all that is left" submitted at once (two tabs, a double click): whatever
    // Robokassa refunds is what the ledger records — no request is left finished but unrecorded.
    const part = paid / 3n;
    const both = await Promise.all([
      requestRobokassaRefund(deps, { orderNumber: target.orderNumber, ledgerId: target.ledgerId, amount: part }),
      requestRobokassaRefund(deps, { orderNumber: target.orderNumber, ledgerId: target.ledgerId }),
    ]);
    const sent = await rows(first.order.number);
    for (const row of sent) expect(["finished", "canceled"], JSON.stringify(both)).toContain(row.state);
    const finished = sent.filter((row) => row.state === "finished").reduce((total, row) => total + BigInt(row.amount), 0n);
    expect(await refundedInLedger(first.order.number)).toBe(finished);
    expect(finished).toBeLessThanOrEqual(paid);

    // Two equal parts that do not both fit: one is sent, the other refused before Robokassa is asked.
    const second = await paidThroughRobokassa();
    const big = (BigInt(second.order.amount) * 2n) / 3n;
    const twice = await Promise.all(
      [0, 1].map(() => requestRobokassaRefund(deps, { orderNumber: Number(second.order.number), ledgerId: second.ledgerId, amount: big })),
    );
    expect(twice.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await rows(second.order.number)).toEqual([{ amount: big, state: "finished" }]);
    expect(await refundedInLedger(second.order.number)).toBe(big);
  });

  it("Click refunds: two reversals submitted at once reverse once, record one refund and flag nothing 'refund by hand'; refund by hand refuses 0, negative and too much", async () => {
    process.env.APP_SECRET = stores[0]!.appSecret;
    process.env.DATABASE_URL = database.url;
    process.env.PUBLIC_URL = app();
    process.env.SANDBOX_PORT = String(stores[0]!.app.port + 1);
    delete process.env.CLICK_API_URL;
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
    const { refundClickPayment } = await import("@/lib/payments/click/store-entry");
    const { recordRefundByHand } = await import("@/lib/admin/orders/order-actions");
    const flagOf = async (ledgerId: number) =>
      (await db.sql.get<{ refundByHandReason: string | null }>(`SELECT "refundByHandReason" FROM "LedgerEntry" WHERE "id" = ?`, [ledgerId]))!.refundByHandReason;

    // The race (both asked payment/status before either reversal) shows about once in a dozen rounds.
    for (let round = 0; round < 16; round += 1) {
      const order = await createOrder(app());
      const linkAnswer = await fetch(`${app()}/api/orders/${order.id}/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "click" }) });
      const link = ((await linkAnswer.json()) as { url: string }).url;
      const opened = await fetch(link, { redirect: "manual" });
      const page = new URL(opened.headers.get("location")!, link);
      const paid = await fetch(`${page.origin}${page.pathname}/pay`, { method: "POST", body: new URLSearchParams({ lang: "en" }), redirect: "manual" });
      expect(paid.status).toBe(303);
      const entry = await db.sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [Number(order.number)]);
      const input = { sql: db.sql, ip: "127.0.0.1", orderNumber: Number(order.number), ledgerId: Number(entry!.id) };
      const outcomes = await Promise.all([refundClickPayment(input), refundClickPayment(input)]);
      expect(outcomes.filter((outcome) => outcome.ok), JSON.stringify(outcomes)).toHaveLength(1);
      expect((await db.ledger(order.number)).filter((row) => row.kind === "refund")).toHaveLength(1);
      expect(await flagOf(input.ledgerId), JSON.stringify(outcomes)).toBeNull();
      expect(await db.order(order.number)).toMatchObject({ status: "refunded" });
    }

    // Refund by hand of a flagged payment (paid last month): 0, negative, more than paid refused; a double submit records once.
    const order = await createOrder(app());
    const { fields, prepareId } = await prepared(order);
    expect(parsed(await clickForm("complete", clickFields({ ...fields, merchant_prepare_id: prepareId }))).error).toBe(0);
    const entry = await db.sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [Number(order.number)]);
    const ledgerId = Number(entry!.id);
    await db.run(`UPDATE "LedgerEntry" SET "at" = ? WHERE "id" = ?`, [new Date(Date.now() - 40 * 86_400_000), ledgerId]);
    const input = { sql: db.sql, ip: "127.0.0.1", orderNumber: Number(order.number), ledgerId };
    expect(await refundClickPayment(input)).toEqual({ ok: false, reason: "refund_by_hand", why: "click_past_month" });
    const amount = BigInt(order.amount);
    for (const wrong of [0n, -1n, -amount, amount + 1n]) {
      expect(await recordRefundByHand(db.sql, { orderNumber: input.orderNumber, ledgerId, amount: wrong, seenRefunds: 0 })).toEqual({ ok: false, reason: "exceeds_paid" });
    }
    const twice = await Promise.all([0, 1].map(() => recordRefundByHand(db.sql, { orderNumber: input.orderNumber, ledgerId, amount: amount - 100n, seenRefunds: 0 })));
    expect(twice.filter((outcome) => outcome.ok && outcome.changed)).toHaveLength(1);
    // The next submit (the page saw one refund) may only take what is left.
    expect(await recordRefundByHand(db.sql, { orderNumber: input.orderNumber, ledgerId, amount: 101n, seenRefunds: 1 })).toEqual({ ok: false, reason: "exceeds_paid" });
    expect(await recordRefundByHand(db.sql, { orderNumber: input.orderNumber, ledgerId, amount: 100n, seenRefunds: 1 })).toMatchObject({ ok: true, changed: true });
    expect(await db.order(order.number)).toMatchObject({ status: "refunded", refundedAmount: amount });
  });

  it("Click: JSON with literal numbers (ids, `15000.00`) signs and pays like the form; a form with a charset and extra fields too", async () => {
    const order = await createOrder(app());
    const fields = clickFields({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) });
    // Numbers as JSON literals: the amount's `.00` must survive for the signature.
    const literal = (values: Fields) =>
      `{${Object.entries(values)
        .map(([name, value]) => `"${name}":${/^(click_trans_id|service_id|click_paydoc_id|merchant_trans_id|merchant_prepare_id|amount|action|error)$/.test(name) ? value : JSON.stringify(value)}`)
        .join(",")}}`;
    const prepareAnswer = parsed(await click("prepare", literal(fields), "Application/JSON; charset=utf-8"));
    expect(prepareAnswer.error).toBe(0);
    const done = clickFields({ click_trans_id: fields.click_trans_id!, merchant_trans_id: order.number, amount: `${BigInt(order.amount) / 100n}`, merchant_prepare_id: String(prepareAnswer.merchant_prepare_id) });
    const completeAnswer = parsed(await click("complete", `${new URLSearchParams(done)}&extra=%D0%B9&note=`, "application/x-www-form-urlencoded; charset=UTF-8"));
    expect(completeAnswer.error).toBe(0);
    expect(await db.ledger(order.number)).toEqual([{ kind: "payment", provider: "click", reference: fields.click_trans_id, amount: BigInt(order.amount) }]);
  });

  it("Robokassa ResultURL through the Next.js route (fast path off): a chunked body past the limit is answered 413 before it is all sent", async () => {
    const store = stores[0]!;
    const nextOnly = await startApp({
      databaseUrl: database.url,
      env: {
        PAYMENTS_MODE: "sandbox",
        PAYME_MERCHANT_ID: "5e730e8e0b852a417aa49ceb",
        PAYME_TEST_KEY: store.key,
        APP_SECRET: store.appSecret,
        ADMIN_PASSWORD: store.adminPassword,
        ...ENV,
        TOLOV_ROBOKASSA_FAST_PATH: "off",
      },
    });
    try {
      const TOTAL = 64 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, "a");
      const target = new URL(`${nextOnly.url}/api/robokassa/result`);
      const outcome = await new Promise<{ status: number; text: string; sent: number }>((resolve, reject) => {
        let sent = 0;
        let answered = false;
        const req = request(
          { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" } },
          (res) => {
            answered = true;
            const at = sent;
            let text = "";
            res.on("data", (part) => (text += part));
            res.on("end", () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, text, sent: at });
            });
          },
        );
        req.on("error", (error) => (answered ? undefined : reject(error)));
        const write = () => {
          while (!answered && sent < TOTAL) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once("drain", write);
          }
          if (!answered) req.end();
        };
        write();
      });
      expect(outcome).toMatchObject({ status: 413, text: "too large" });
      // The route stopped reading at the limit: the answer came while most of the body was unsent.
      expect(outcome.sent).toBeLessThan(TOTAL / 2);
    } finally {
      await nextOnly.stop();
    }
  });
});

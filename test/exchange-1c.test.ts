// The 1C exchange (issue 13) against the running store over HTTP: full sessions
// (checkauth → init → query → success, file in chunks → import), every fixture file that carries
// orders, synthetic 2.10 and 3.1 payment and refund documents, cancellations, re-sent files,
// exchanges without `success`, malformed files, path-like names and windows-1251.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { formatMoneyPlain } from "@/lib/money/money";
import { settleOrder } from "@/lib/orders/settlement";
import { writeSetting } from "@/lib/settings/settings";
import { createAdminSession } from "./helpers/admin";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, orderView, type StoreOrder } from "./helpers/payme";

const kind = testDatabaseKind();
const LOGIN = "accountant-1c";
const PASSWORD = `pw-${randomBytes(9).toString("base64url")}`;
const APP_SECRET = randomBytes(32).toString("base64url");
const FIXTURES = join(__dirname, "..", "..", "shared", "fixtures", "1c");
const fixturesDir = existsSync(FIXTURES) ? FIXTURES : "/work/shared/fixtures/1c";
const BATCH = 5;
/** Robokassa's sandbox credentials: a 1C refund of a Robokassa payment goes through its emulator's refund API. */
const ROBOKASSA_ENV = {
  ROBOKASSA_LOGIN: "tolov-1c-test",
  ROBOKASSA_TEST_PASSWORD1: `p1-${randomBytes(9).toString("base64url")}`,
  ROBOKASSA_TEST_PASSWORD2: `p2-${randomBytes(9).toString("base64url")}`,
  ROBOKASSA_PASSWORD3: `p3-${randomBytes(9).toString("base64url")}`,
  ROBOKASSA_HASH: "sha256",
};

type Answer = { status: number; contentType: string; text: string; bytes: Buffer };
type ReportLine = { index: number; document: string; order: number | null; outcome: string; action: string; amount?: string; reference?: string; reason?: string };

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`, "utf8").toString("base64")}`;

/** One 1C exchange session against the store, as 1C's standard module drives it. */
class OneC {
  cookie = "";
  constructor(readonly app: App) {}

  async call(mode: string, params: Record<string, string> = {}, body?: Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
    const query = new URLSearchParams({ type: "sale", mode, ...params });
    const response = await fetch(`${this.app.url}/api/1c/exchange?${query}`, {
      method: body ? "POST" : "GET",
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      body: body ? (Buffer.from(body) as unknown as BodyInit) : undefined,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", text: bytes.toString("utf8"), bytes };
  }

  async checkauth(login = LOGIN, password = PASSWORD): Promise<Answer> {
    const answer = await this.call("checkauth", {}, undefined, { authorization: basic(login, password) });
    const [state, name, value] = answer.text.split("\n");
    if (state === "success") this.cookie = `${name}=${value}`;
    return answer;
  }

  async init(version?: string): Promise<string[]> {
    const answer = await this.call("init", version ? { version } : {});
    expect(answer.status, answer.text).toBe(200);
    return answer.text.split("\n");
  }

  /** Uploads `bytes` in chunks of `chunk` bytes, then imports it until `success` or `failure`. */
  async send(fileName: string, bytes: Uint8Array, chunk = 4096): Promise<{ answers: string[] }> {
    for (let offset = 0; offset < bytes.byteLength; offset += chunk) {
      const answer = await this.call("file", { filename: fileName }, bytes.subarray(offset, offset + chunk));
      expect(answer.text, answer.text).toBe("success");
    }
    const answers: string[] = [];
    for (let round = 0; round < 100; round += 1) {
      const answer = await this.call("import", { filename: fileName });
      answers.push(answer.text);
      if (answer.text !== "progress") break;
    }
    return { answers };
  }
}

/** A fresh session: checkauth + init (3.1 unless given). */
async function session(app: App, version = "3.1"): Promise<OneC> {
  const oneC = new OneC(app);
  expect((await oneC.checkauth()).text).toMatch(/^success\n/);
  await oneC.init(version);
  return oneC;
}

const utf8Bom = (xml: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, "utf8")]);

type Doc = { id: string; number?: string; operation: string; sum?: string; basis?: string; date?: string; requisites?: [string, string][]; extra?: string };
function documentXml(doc: Doc): string {
  const requisites = (doc.requisites ?? []).map(([name, value]) => `<ЗначениеРеквизита><Наименование>${name}</Наименование><Значение>${value}</Значение></ЗначениеРеквизита>`).join("");
  return `<Документ><Ид>${doc.id}</Ид><Номер>${doc.number ?? doc.id}</Номер><Дата>${doc.date ?? "2026-11-30"}</Дата><Время>10:00:00</Время><ХозОперация>${doc.operation}</ХозОперация><Роль>Продавец</Роль><Валюта>UZS</Валюта><Курс>1</Курс>${doc.sum === undefined ? "" : `<Сумма>${doc.sum}</Сумма>`}${doc.basis === undefined ? "" : `<Основание>${doc.basis}</Основание>`}${doc.extra ?? ""}<ЗначенияРеквизитов>${requisites}</ЗначенияРеквизитов></Документ>`;
}
/** A 2.10 file (documents under the root) or a 3.1 file (one Контейнер per group). */
function fileXml(version: "2.10" | "3.1", groups: Doc[][]): Buffer {
  const body = version === "3.1" ? groups.map((docs) => `<Контейнер>${docs.map(documentXml).join("")}</Контейнер>`).join("") : groups.flat().map(documentXml).join("");
  return utf8Bom(`<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="${version}" ДатаФормирования="2026-11-30T10:00:00">${body}</КоммерческаяИнформация>`);
}
const payment = (id: string, order: StoreOrder, sum: string, requisites: [string, string][] = []): Doc => ({ id, operation: "Выплата безналичных денег", sum, basis: order.id, requisites });

/** Sum of tiyin → 1C's decimal sum. */
const sumOf = (tiyin: bigint) => `${tiyin / 100n}.${String(tiyin % 100n).padStart(2, "0")}`;

describe(`1C exchange on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  /** On PostgreSQL a second store process on the same database (concurrent duplicates across instances). */
  let second: App | undefined;
  let sql: SqlDatabase;
  const fixtureOrders = new Map<number, bigint>();

  const lastReport = async (): Promise<{ state: string; reason: string | null; lines: ReportLine[]; applied: number; unchanged: number; refused: number }> => {
    const row = await sql.get<{ state: string; reason: string | null; report: string; applied: number; unchanged: number; refused: number }>(
      `SELECT "state", "reason", "report", "applied", "unchanged", "refused" FROM "Exchange1cImport" ORDER BY "id" DESC LIMIT 1`,
      [],
      { applied: "number", unchanged: "number", refused: "number" },
    );
    return { ...row!, lines: JSON.parse(row!.report) as ReportLine[] };
  };
  const ledger = (number: number | string) =>
    sql.all<{ kind: string; provider: string; reference: string; amount: bigint; at: Date; refundOf: string | null }>(
      `SELECT "kind", "provider", "reference", "amount", "at", "refundOf" FROM "LedgerEntry" WHERE "orderNumber" = ? ORDER BY "id"`,
      [Number(number)],
      { at: "date" },
    );
  const events = async (number: number | string) =>
    (await sql.all<{ type: string }>(`SELECT "type" FROM "OutboxEvent" WHERE "orderNumber" = ? ORDER BY "id"`, [Number(number)])).map((row) => row.type);
  const orderRow = (number: number | string) =>
    sql.get<{ status: string; paidAmount: bigint; refundedAmount: bigint; cancelRequestedAt: Date | null }>(
      `SELECT "status", "paidAmount", "refundedAmount", "cancelRequestedAt" FROM "Order" WHERE "number" = ?`,
      [Number(number)],
      { cancelRequestedAt: "date" },
    );
  /** Everything 1C would get now (a query in a session that never says success). */
  const pendingExport = async (): Promise<string> => {
    const peek = await session(app);
    return (await peek.call("query")).text;
  };

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({
      databaseUrl: database.url,
      env: { PAYMENTS_MODE: "sandbox", APP_SECRET, ADMIN_PASSWORD: `admin-${randomBytes(9).toString("base64url")}`, EXCHANGE_1C_LOGIN: LOGIN, EXCHANGE_1C_PASSWORD: PASSWORD, TOLOV_1C_IMPORT_BATCH: String(BATCH), ...ROBOKASSA_ENV },
    });
    if (kind === "postgresql") {
      second = await startApp({
        databaseUrl: database.url,
        env: { PAYMENTS_MODE: "sandbox", APP_SECRET, ADMIN_PASSWORD: `admin-${randomBytes(9).toString("base64url")}`, EXCHANGE_1C_LOGIN: LOGIN, EXCHANGE_1C_PASSWORD: PASSWORD, TOLOV_1C_IMPORT_BATCH: String(BATCH), ...ROBOKASSA_ENV },
      });
    }
    sql = createSql(database.url);
    // The orders the fixture files name, with their numbers and sums, before any order of the API's.
    for (const file of readdirSync(fixturesDir).filter((name) => name.endsWith(".xml"))) {
      const text = readFileSync(join(fixturesDir, file), "utf8");
      for (const [, body] of text.matchAll(/<Документ>([\s\S]*?)<\/Документ>/g)) {
        const number = Number(/<Номер>\s*(\d+)\s*<\/Номер>/.exec(body!)?.[1]);
        const sum = /<Сумма>([\d.]+)<\/Сумма>/.exec(body!)?.[1];
        if (!number || !sum || fixtureOrders.has(number)) continue;
        const [whole, fraction = ""] = sum.split(".");
        fixtureOrders.set(number, BigInt(whole! + fraction.slice(0, 2).padEnd(2, "0")));
      }
    }
    for (const [number, amount] of fixtureOrders) {
      await sql.run(`INSERT INTO "Order" ("number", "id", "amount", "updatedAt") VALUES (?, ?, ?, ?)`, [number, `fixture-${number}-${randomBytes(6).toString("hex")}`, amount, new Date()]);
    }
    if (kind === "postgresql") await sql.run(`SELECT setval(pg_get_serial_sequence('"Order"', 'number'), (SELECT MAX("number") FROM "Order"))`);
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await second?.stop();
    await database?.drop();
  });

  it("checkauth: the seeded user only, in constant time; nothing without the session cookie", async () => {
    const stranger = new OneC(app);
    expect((await stranger.call("init")).text).toMatch(/^failure\n/);
    expect((await stranger.call("query")).status).toBe(401);
    const wrong = await stranger.checkauth(LOGIN, "not-the-password");
    expect(wrong.text).toMatch(/^failure\n/);
    expect(wrong.status).toBe(401);
    expect((await stranger.checkauth("someone", PASSWORD)).text).toMatch(/^failure\n/);
    stranger.cookie = "tolov_1c_session=forged-token-aaaaaaaaaaaaaaaa";
    expect((await stranger.call("query")).text).toMatch(/^failure\n/);

    const oneC = new OneC(app);
    const answer = await oneC.checkauth();
    const [state, name, value] = answer.text.split("\n");
    expect(state).toBe("success");
    expect(name).not.toContain(".");
    expect(value).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The password is stored encrypted.
    const stored = await sql.get<{ value: string; encrypted: unknown }>(`SELECT "value", "encrypted" FROM "Setting" WHERE "key" = 'exchange1c.password'`);
    expect(Boolean(Number(stored!.encrypted))).toBe(true);
    expect(stored!.value).not.toContain(PASSWORD);
    // init: zip=no, file_limit, and with version= the session id and the schema version spoken.
    expect(await oneC.init()).toEqual(["zip=no", "file_limit=524288"]);
    expect(await oneC.init("3.1")).toEqual(["zip=no", "file_limit=524288", `sessid=${value}`, "version=3.1"]);
    expect((await oneC.init("2.10"))[3]).toBe("version=2.10");
    expect((await oneC.init("2.05"))[3]).toBe("version=2.10");
    expect((await oneC.call("mode-x" as string)).status).toBe(400);
    const info = await oneC.call("info");
    expect(info.contentType).toBe("application/xml; charset=utf-8");
    expect(info.text).toContain("<Ид>partially_paid</Ид>");
    expect(info.text).toContain("<Ид>payme</Ид>");
  });

  it("every fixture file that carries orders: each line of the import report; order 490 paid with its 1C payment number and date", async () => {
    const files = readdirSync(fixturesDir).filter((name) => name.endsWith(".xml"));
    // 490 alone first: it is paid; the full file that repeats it then changes nothing.
    files.sort((a, b) => Number(b.startsWith("1c_to_site_order490")) - Number(a.startsWith("1c_to_site_order490")) || a.localeCompare(b));
    for (const file of files) {
      const bytes = readFileSync(join(fixturesDir, file));
      const text = bytes.toString("utf8");
      const numbers = [...text.matchAll(/<Документ>[\s\S]*?<Номер>\s*(\d+)\s*<\/Номер>/g)].map((match) => Number(match[1]));
      const oneC = await session(app);
      const { answers } = await oneC.send(file, bytes, 7_000);
      expect(answers.at(-1), file).toBe("success");
      // Batches of BATCH documents: `progress` until the last one.
      expect(answers.length, file).toBe(Math.max(1, Math.ceil(numbers.length / BATCH)));
      const report = await lastReport();
      expect(report.state, file).toBe("success");
      expect(report.lines.length, file).toBe(numbers.length);
      report.lines.forEach((line, index) => {
        const number = numbers[index]!;
        expect(line.order, `${file} #${index}`).toBe(number);
        expect(line.document, `${file} #${index}`).toBe(String(number));
        if (number === 490 && file.startsWith("1c_to_site_order490")) {
          expect(line, file).toMatchObject({ outcome: "applied", action: "payment", amount: String(fixtureOrders.get(490)), reference: "О0000001008" });
        } else if (number === 490) {
          expect(line, file).toMatchObject({ outcome: "unchanged", action: "payment", reference: "О0000001008", reason: "already_paid" });
        } else {
          expect(line, `${file} #${index}`).toMatchObject({ outcome: "unchanged", action: "none", reason: "nothing_to_apply" });
        }
      });
    }
    const entries = await ledger(490);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "payment", provider: "1c", reference: "О0000001008", amount: fixtureOrders.get(490) });
    // 2017-08-16T21:30:00 in Asia/Tashkent (UTC+5).
    expect(new Date(entries[0]!.at).toISOString()).toBe("2017-08-16T16:30:00.000Z");
    expect((await orderRow(490))!.status).toBe("paid");
    expect(await events(490)).toEqual(["payment.received", "order.paid"]);
  });

  it("a full session over HTTP: query → success commits the mark; a change from 1C is not echoed; an exchange without success re-sends", async () => {
    // First exchange: everything not yet confirmed (the fixture orders included).
    let oneC = await session(app, "2.10");
    await oneC.call("query");
    expect((await oneC.call("success")).text).toBe("success");
    oneC = await session(app, "2.10");
    const empty = await oneC.call("query");
    expect(empty.text).not.toContain("<Документ>");

    const order = await createOrder(app.url);
    oneC = await session(app, "2.10");
    const first = await oneC.call("query");
    expect(first.contentType).toBe("application/xml; charset=utf-8");
    expect([...first.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(first.text).toContain(`<Ид>${order.id}</Ид>`);
    expect(first.text).toContain(`<Номер>${order.number}</Номер>`);
    expect(first.text).toContain("<ХозОперация>Заказ товара</ХозОперация>");
    expect(first.text).toContain("<Валюта>UZS</Валюта>");
    expect(first.text).toContain(`<Сумма>${sumOf(BigInt(order.amount))}</Сумма>`);
    // No success: the next exchange gets the same order again.
    const again = await session(app, "2.10");
    expect((await again.call("query")).text).toContain(`<Ид>${order.id}</Ид>`);
    expect((await again.call("success")).text).toBe("success");
    expect(await pendingExport()).not.toContain(`<Ид>${order.id}</Ид>`);

    // A change made between query and success is not lost: success commits what query read.
    const between = await createOrder(app.url);
    const racing = await session(app, "2.10");
    expect((await racing.call("query")).text).toContain(`<Ид>${between.id}</Ид>`);
    const late = await createOrder(app.url);
    expect((await racing.call("success")).text).toBe("success");
    const next = await pendingExport();
    expect(next).toContain(`<Ид>${late.id}</Ид>`);
    expect(next).not.toContain(`<Ид>${between.id}</Ид>`);

    // 1C pays it: not sent back to 1C.
    const pay = await session(app, "2.10");
    const { answers } = await pay.send("pay.xml", fileXml("2.10", [[payment("PAY-FULL-1", order, sumOf(BigInt(order.amount)))]]));
    expect(answers.at(-1)).toBe("success");
    expect((await orderRow(order.number))!.status).toBe("paid");
    expect(await pendingExport()).not.toContain(`<Ид>${order.id}</Ид>`);
    // The store changes it (an online refund flagged, the admin cancels…): it goes out again.
    await settleOrder(sql, Number(order.number), async (locked) => locked.markFulfilled());
    expect(await pendingExport()).toContain(`<Ид>${order.id}</Ид>`);
  });

  it("orders out: requisites, buyer, goods that add up, an online payment as its own document (3.1 in Контейнер)", async () => {
    const order = await createOrder(app.url, [
      { sku: "KAZAN-8L", quantity: 2 },
    ]);
    await settleOrder(sql, Number(order.number), async (locked) => locked.recordPayment({ provider: "payme", reference: `pm-${order.number}`, amount: BigInt(order.amount) }));
    const ledgerId = (await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "reference" = ?`, [`pm-${order.number}`], { id: "number" }))!.id;
    const oneC = await session(app, "3.1");
    const xml = (await oneC.call("query")).text;
    const container = new RegExp(`<Контейнер>(?:(?!</Контейнер>)[\\s\\S])*<Ид>${order.id}</Ид>[\\s\\S]*?</Контейнер>`).exec(xml)?.[0] ?? "";
    expect(container).toContain("<ХозОперация>Заказ товара</ХозОперация>");
    for (const requisite of ["Метод оплаты", "Заказ оплачен", "Дата оплаты", "Номер платежного документа", "Отменен", "Статус заказа", "Дата изменения статуса", "Признак возврата"]) {
      expect(container, requisite).toContain(`<Наименование>${requisite}</Наименование>`);
    }
    expect(container).toMatch(/<Наименование>Заказ оплачен<\/Наименование>\s*<Значение>true<\/Значение>/);
    expect(container).toContain("<Роль>Покупатель</Роль>");
    expect(container).toContain(`<Ид>payment-${ledgerId}</Ид>`);
    expect(container).toContain("<ХозОперация>Эквайринговая операция</ХозОперация>");
    expect(container).toContain(`<Основание>${order.id}</Основание>`);
    const sums = [...container.matchAll(/<Товар>[\s\S]*?<Сумма>([\d.]+)<\/Сумма>/g)].map((match) => Math.round(Number(match[1]) * 100));
    expect(sums.reduce((a, b) => a + b, 0)).toBe(Number(order.amount));
  });

  it("2.10 payment documents: a partial payment then the balance (Paid x of y), notified; the same file twice changes nothing", async () => {
    const order = await createOrder(app.url);
    const amount = BigInt(order.amount);
    const part = (amount * 30n) / 100n;
    const oneC = await session(app, "2.10");
    const advance = fileXml("2.10", [[payment("ADV-1", order, sumOf(part))]]);
    expect((await oneC.send("advance.xml", advance)).answers.at(-1)).toBe("success");
    expect((await lastReport()).lines).toEqual([expect.objectContaining({ outcome: "applied", action: "payment", amount: String(part), reference: "ADV-1", order: Number(order.number) })]);
    const view = await orderView(app.url, order.id);
    expect(view).toMatchObject({ status: "partially_paid", paidAmount: String(part) });
    const page = await (await fetch(`${app.url}/orders/${order.id}?lang=en`)).text();
    const shown = page.replace(/\u00a0/g, " ").replace(/&#x27;|&#39;/g, "'");
    expect(shown).toContain(`Paid ${formatMoneyPlain(part, "UZS", "en")} of ${formatMoneyPlain(amount, "UZS", "en")} (30 %)`);
    // The balance; then the same file again.
    const balance = fileXml("2.10", [[payment("BAL-1", order, sumOf(amount - part), [["Оплачен", "Да"]])]]);
    await oneC.send("balance.xml", balance);
    expect((await orderView(app.url, order.id)).status).toBe("paid");
    await oneC.init("2.10");
    expect((await oneC.send("balance.xml", balance)).answers.at(-1)).toBe("success");
    expect((await lastReport()).lines).toEqual([expect.objectContaining({ outcome: "unchanged", action: "payment", reason: "already_recorded" })]);
    expect((await ledger(order.number)).map((entry) => [entry.reference, entry.amount])).toEqual([
      ["ADV-1", part],
      ["BAL-1", amount - part],
    ]);
    expect(await events(order.number)).toEqual(["payment.received", "payment.received", "order.paid"]);
  });

  it("3.1 Контейнер: payment documents of an order (Основание from the container), an order document paid by Дата оплаты по 1С with an empty date T ignored", async () => {
    const paid = await createOrder(app.url);
    const other = await createOrder(app.url);
    const oneC = await session(app, "3.1");
    const file = fileXml("3.1", [
      [
        { id: paid.id, number: paid.number, operation: "Заказ товара", sum: sumOf(BigInt(paid.amount)), requisites: [["Дата оплаты по 1С", "2026-11-30T09:00:00"]] },
        { id: "KASSA-31", operation: "Выплата наличных денег", sum: sumOf(BigInt(paid.amount)) },
      ],
      [
        { id: other.id, number: other.number, operation: "Заказ товара", sum: sumOf(BigInt(other.amount)), requisites: [["Дата оплаты по 1С", "T"], ["Номер оплаты по 1С", "X-1"]] },
        { id: "DRAFT-1", operation: "Выплата безналичных денег", sum: sumOf(BigInt(other.amount)), requisites: [["Проведен", "false"]] },
        { id: "DELETED-1", operation: "Выплата безналичных денег", sum: sumOf(BigInt(other.amount)), extra: "<ПометкаУдаления>true</ПометкаУдаления>" },
      ],
    ]);
    expect((await oneC.send("c.xml", file)).answers.at(-1)).toBe("success");
    const lines = (await lastReport()).lines;
    expect(lines).toEqual([
      expect.objectContaining({ order: Number(paid.number), outcome: "unchanged", reason: "paid_by_payment_documents" }),
      expect.objectContaining({ order: Number(paid.number), outcome: "applied", action: "payment", reference: "KASSA-31" }),
      expect.objectContaining({ order: Number(other.number), outcome: "unchanged", reason: "nothing_to_apply" }),
      expect.objectContaining({ order: Number(other.number), outcome: "unchanged", action: "payment", reference: "DRAFT-1", reason: "not_posted" }),
      expect.objectContaining({ order: Number(other.number), outcome: "unchanged", action: "payment", reference: "DELETED-1", reason: "deletion_marked" }),
    ]);
    expect((await ledger(paid.number)).map((entry) => entry.reference)).toEqual(["KASSA-31"]);
    expect((await orderRow(other.number))!.status).toBe("pending");
  });

  it("refunds from 1C in every form; above what is paid is refused; re-sent refunds change nothing", async () => {
    const cases: { name: string; refund: (order: StoreOrder, amount: bigint) => Doc }[] = [
      { name: "ПризнакВозврата", refund: (order, amount) => payment("P-A", order, sumOf(amount), [["ПризнакВозврата", "true"]]) },
      { name: "Признак возврата", refund: (order, amount) => payment("P-B", order, sumOf(amount), [["Признак возврата", "Да"]]) },
      { name: "Оплачен=false", refund: (order, amount) => payment("P-C", order, sumOf(amount), [["Оплачен", "false"]]) },
      { name: "Возврат безналичных денег", refund: (order, amount) => ({ id: "R-D", operation: "Возврат безналичных денег", sum: sumOf(amount), basis: order.id }) },
      { name: "Возврат наличных денег", refund: (order, amount) => ({ id: "R-E", operation: "Возврат наличных денег", sum: sumOf(amount), basis: order.number }) },
    ];
    for (const [index, form] of cases.entries()) {
      const order = await createOrder(app.url);
      const amount = BigInt(order.amount);
      const version = index % 2 === 0 ? "2.10" : "3.1";
      const oneC = await session(app, version);
      const paymentDoc = cases[index]!.refund(order, amount);
      const paid = { ...paymentDoc, id: paymentDoc.id.startsWith("P-") ? paymentDoc.id : `PAID-${index}`, operation: "Выплата безналичных денег", requisites: [], basis: order.id };
      await oneC.send("paid.xml", fileXml(version, [[paid]]));
      expect((await orderRow(order.number))!.status, form.name).toBe("paid");
      // Above what is paid: refused, nothing changes.
      const tooMuch = { ...paymentDoc, id: `${paymentDoc.id}-X`, sum: sumOf(amount + 100n) };
      if (!paymentDoc.id.startsWith("P-")) {
        await oneC.send("too-much.xml", fileXml(version, [[tooMuch]]));
        expect((await lastReport()).lines[0], form.name).toMatchObject({ outcome: "refused", action: "refund", reason: "exceeds_paid" });
      }
      const refundFile = fileXml(version, [[paymentDoc]]);
      await oneC.send("refund.xml", refundFile);
      expect((await lastReport()).lines[0], form.name).toMatchObject({ outcome: "applied", action: "refund", amount: String(amount), reference: paymentDoc.id });
      expect((await orderRow(order.number))!.status, form.name).toBe("refunded");
      await oneC.init(version);
      await oneC.send("refund.xml", refundFile);
      expect((await lastReport()).lines[0], form.name).toMatchObject({ outcome: "unchanged", action: "refund", reason: "already_recorded" });
      const entries = await ledger(order.number);
      expect(entries.map((entry) => [entry.kind, entry.reference, entry.amount]), form.name).toEqual([
        ["payment", paid.id, amount],
        ["refund", paymentDoc.id, amount],
      ]);
      expect(await events(order.number), form.name).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
    }
  });

  it("a refund of money paid online is asked of the provider once; one it cannot make is flagged refund by hand", async () => {
    const order = await createOrder(app.url);
    const amount = BigInt(order.amount);
    await settleOrder(sql, Number(order.number), async (locked) => locked.recordPayment({ provider: "payme", reference: `online-${order.number}`, amount }));
    const ledgerId = (await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "reference" = ?`, [`online-${order.number}`], { id: "number" }))!.id;
    const oneC = await session(app, "2.10");
    const refund = fileXml("2.10", [[{ id: `payment-${ledgerId}`, operation: "Эквайринговая операция", sum: sumOf(amount), basis: order.id, requisites: [["ПризнакВозврата", "true"]] }]]);
    await oneC.send("online-refund.xml", refund);
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "applied", action: "refund_requested", amount: String(amount) });
    await oneC.init("2.10");
    await oneC.send("online-refund.xml", refund);
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "unchanged", reason: "already_recorded" });
    const requests = await sql.all<{ state: string; detail: string | null; ledgerId: number }>(`SELECT "state", "detail", "ledgerId" FROM "Exchange1cRefund" WHERE "orderNumber" = ?`, [Number(order.number)], { ledgerId: "number" });
    expect(requests).toHaveLength(1);
    // Payme knows no such transaction: the provider cannot refund it, so it is flagged for the merchant.
    expect(requests[0]).toMatchObject({ ledgerId, state: "by_hand" });
    // …and the payment carries the core's "refund by hand" flag, which the admin order page shows.
    const flagged = await sql.get<{ refundByHandAt: Date | null; refundByHandReason: string | null }>(
      `SELECT "refundByHandAt", "refundByHandReason" FROM "LedgerEntry" WHERE "id" = ?`,
      [ledgerId],
      { refundByHandAt: "date" },
    );
    expect(flagged!.refundByHandAt).not.toBeNull();
    expect(flagged!.refundByHandReason).toBeTruthy();
    // A part of an online payment: the provider refunds whole payments, so it is flagged at once.
    const second = await createOrder(app.url);
    await settleOrder(sql, Number(second.number), async (locked) => locked.recordPayment({ provider: "click", reference: `ck-${second.number}`, amount: BigInt(second.amount) }));
    await oneC.send("part.xml", fileXml("2.10", [[{ id: "RET-PART", operation: "Возврат безналичных денег", sum: sumOf(BigInt(second.amount) / 2n), basis: second.id }]]));
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "applied", action: "refund_requested" });
    expect(await sql.get(`SELECT "state", "detail" FROM "Exchange1cRefund" WHERE "key" = ?`, [`RET-PART|ck-${second.number}`])).toMatchObject({ state: "by_hand", detail: expect.stringContaining("partial") });
    expect(await sql.get(`SELECT "refundByHandReason" FROM "LedgerEntry" WHERE "reference" = ?`, [`ck-${second.number}`])).toMatchObject({ refundByHandReason: "1c_partial_refund" });
    // The provider's confirmation (not 1C) writes the ledger: nothing refunded yet.
    expect((await ledger(order.number)).filter((entry) => entry.kind === "refund")).toEqual([]);
  });

  /** A new order paid on Robokassa's emulator page (it notifies ResultURL before redirecting the shopper): its InvId and ledger entry. */
  async function paidWithRobokassa(): Promise<{ order: StoreOrder; invId: string; ledgerId: number }> {
    const order = await createOrder(app.url);
    const response = await fetch(`${app.url}/api/orders/${order.id}/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "robokassa", lang: "en" }),
    });
    const request = (await response.json()) as { url: string; form: { fields: Record<string, string> } };
    expect(response.status, JSON.stringify(request)).toBe(200);
    const invId = request.form.fields.InvId!;
    // Paid on the emulator's page (it notifies ResultURL before redirecting the shopper).
    const opened = await fetch(request.url, { redirect: "manual" });
    const page = new URL(opened.headers.get("location")!, request.url);
    const paid = await fetch(page, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=pay" });
    expect(paid.status).toBe(303);
    expect((await orderRow(order.number))!.status).toBe("paid");
    const ledgerId = (await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "provider" = 'robokassa' AND "reference" = ?`, [invId], { id: "number" }))!.id;
    return { order, invId, ledgerId };
  }

  it("a refund from 1C of a Robokassa payment: asked of Robokassa once through the registry; Robokassa's confirmation writes the ledger", async () => {
    const { order, invId, ledgerId } = await paidWithRobokassa();

    // 1C sends the store's own payment document back as a refund.
    const oneC = await session(app, "3.1");
    const refund = fileXml("3.1", [[{ id: `payment-${ledgerId}`, operation: "Эквайринговая операция", sum: sumOf(BigInt(order.amount)), basis: order.id, requisites: [["Признак возврата", "true"]] }]]);
    expect((await oneC.send("robokassa-refund.xml", refund)).answers.at(-1)).toBe("success");
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "applied", action: "refund_requested", amount: order.amount });
    expect(await sql.all(`SELECT "state", "provider" FROM "Exchange1cRefund" WHERE "orderNumber" = ?`, [Number(order.number)])).toEqual([{ state: "requested", provider: "robokassa" }]);
    // The ledger's refund is Robokassa's (its requestId, refundOf the InvId), written on its confirmation; none of 1C's.
    const refunds = (await ledger(order.number)).filter((entry) => entry.kind === "refund");
    expect(refunds).toEqual([expect.objectContaining({ provider: "robokassa", amount: BigInt(order.amount), refundOf: invId })]);
    expect((await orderRow(order.number))!.status).toBe("refunded");
    expect(await events(order.number)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
    // Sent again: nothing asked twice.
    await oneC.init("3.1");
    await oneC.send("robokassa-refund.xml", refund);
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "unchanged", reason: "already_recorded" });
    expect(await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "RobokassaRefund" WHERE "orderNumber" = ?`, [Number(order.number)], { n: "number" })).toEqual({ n: 1 });
  });

  it("a partial refund from 1C of a Robokassa payment goes to Robokassa with its amount (Robokassa refunds partially)", async () => {
    const { order, invId, ledgerId } = await paidWithRobokassa();
    // A quarter of the order (whole so'm) comes back from 1C as a refund document of the payment.
    const part = (BigInt(order.amount) / 400n) * 100n;
    const oneC = await session(app, "3.1");
    const refund = fileXml("3.1", [[{ id: `payment-${ledgerId}`, operation: "Эквайринговая операция", sum: sumOf(part), basis: order.id, requisites: [["Признак возврата", "true"]] }]]);
    expect((await oneC.send("robokassa-partial-refund.xml", refund)).answers.at(-1)).toBe("success");
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "applied", action: "refund_requested", amount: String(part) });
    expect(await sql.all(`SELECT "state" FROM "Exchange1cRefund" WHERE "orderNumber" = ?`, [Number(order.number)])).toEqual([{ state: "requested" }]);
    const refunds = (await ledger(order.number)).filter((entry) => entry.kind === "refund");
    expect(refunds).toEqual([expect.objectContaining({ provider: "robokassa", amount: part, refundOf: invId })]);
    expect((await orderRow(order.number))!.status).toBe("partially_refunded");
    expect(await sql.get(`SELECT "refundByHandAt" FROM "LedgerEntry" WHERE "id" = ?`, [ledgerId])).toEqual({ refundByHandAt: null });
  });

  it("cancellation: cancels an unpaid order, cancel requested under a reservation, refused on a paid order; a payment on a cancelled order is refused", async () => {
    const unpaid = await createOrder(app.url);
    const reserved = await createOrder(app.url);
    const paidOrder = await createOrder(app.url);
    await settleOrder(sql, Number(reserved.number), (locked) => locked.reserve({ provider: "tester", kind: "test_attempt", reference: "t-1", expiresAt: BigInt(Date.now() + 600_000) }));
    await settleOrder(sql, Number(paidOrder.number), (locked) => locked.recordPayment({ provider: "1c", reference: `PRE-${paidOrder.number}`, amount: BigInt(paidOrder.amount) }));
    const oneC = await session(app, "3.1");
    const cancel = (order: StoreOrder, flag: string): Doc => ({ id: order.id, number: order.number, operation: "Заказ товара", sum: sumOf(BigInt(order.amount)), requisites: [[flag, "true"]] });
    await oneC.send("cancel.xml", fileXml("3.1", [[cancel(unpaid, "Отменен")], [cancel(reserved, "ПометкаУдаления")], [cancel(paidOrder, "Отменен")]]));
    expect((await lastReport()).lines).toEqual([
      expect.objectContaining({ order: Number(unpaid.number), outcome: "applied", action: "cancel" }),
      expect.objectContaining({ order: Number(reserved.number), outcome: "applied", action: "cancel_requested" }),
      expect.objectContaining({ order: Number(paidOrder.number), outcome: "refused", action: "cancel", reason: "paid" }),
    ]);
    expect((await orderRow(unpaid.number))!.status).toBe("cancelled");
    expect(await events(unpaid.number)).toEqual(["order.cancelled"]);
    expect((await orderRow(reserved.number))!.cancelRequestedAt).not.toBeNull();
    expect((await orderRow(paidOrder.number))!.status).toBe("paid");
    // Another reservation that ends paid: the requested cancel is refused and 1C hears Отменен=false.
    const held = await createOrder(app.url);
    await settleOrder(sql, Number(held.number), (locked) => locked.reserve({ provider: "tester", kind: "test_attempt", reference: "t-2", expiresAt: BigInt(Date.now() + 600_000) }));
    await oneC.send("cancel-held.xml", fileXml("3.1", [[cancel(held, "Отменен")]]));
    expect((await lastReport()).lines[0]).toMatchObject({ order: Number(held.number), outcome: "applied", action: "cancel_requested" });
    await settleOrder(sql, Number(held.number), async (locked) => {
      await locked.recordPayment({ provider: "tester", reference: "t-2", amount: BigInt(held.amount) });
      await locked.release("tester", "t-2");
    });
    expect((await orderRow(held.number))!.status).toBe("paid");
    const exported = await pendingExport();
    const heldDocument = new RegExp(`<Документ>\\s*<Ид>${held.id}</Ид>[\\s\\S]*?</Документ>`).exec(exported)?.[0] ?? "";
    expect(heldDocument).toMatch(/<Наименование>Отменен<\/Наименование>\s*<Значение>false<\/Значение>/);
    expect(heldDocument).toMatch(/<Наименование>Заказ оплачен<\/Наименование>\s*<Значение>true<\/Значение>/);

    // The reservation ends unpaid: the requested cancel completes.
    await settleOrder(sql, Number(reserved.number), (locked) => locked.release("tester", "t-1"));
    expect((await orderRow(reserved.number))!.status).toBe("cancelled");
    await oneC.send("late-pay.xml", fileXml("3.1", [[payment("LATE-1", unpaid, sumOf(BigInt(unpaid.amount)))]]));
    expect((await lastReport()).lines[0]).toMatchObject({ outcome: "refused", action: "payment", reason: "order_cancelled" });
    expect(await ledger(unpaid.number)).toEqual([]);
  });

  it("a malformed file changes nothing and answers failure; a path-like file name stays in the session's area", async () => {
    const order = await createOrder(app.url);
    const oneC = await session(app, "2.10");
    const good = fileXml("2.10", [[payment("MAL-1", order, sumOf(BigInt(order.amount)))]]);
    const broken = good.subarray(0, good.byteLength - 40);
    const { answers } = await oneC.send("broken.xml", broken);
    expect(answers.at(-1)).toMatch(/^failure\nmalformed XML/);
    expect((await lastReport()).state).toBe("failure");
    expect(await ledger(order.number)).toEqual([]);
    const doctype = utf8Bom(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><КоммерческаяИнформация/>`);
    expect((await oneC.send("dtd.xml", doctype)).answers.at(-1)).toMatch(/^failure\n/);

    for (const name of ["C:\\v8_8789_c.xml", "../../../escape.xml"]) {
      await oneC.init("2.10");
      expect((await oneC.send(name, good)).answers.at(-1)).toBe("success");
    }
    expect(existsSync(join(app.dataDir, "..", "escape.xml"))).toBe(false);
    const areas = readdirSync(join(app.dataDir, "exchange-1c"));
    const names = areas.flatMap((area) => readdirSync(join(app.dataDir, "exchange-1c", area)));
    expect(names).toContain("escape.xml");
    expect(names.every((name) => !name.includes("\\") && !name.includes("/"))).toBe(true);
    expect((await ledger(order.number)).map((entry) => entry.reference)).toEqual(["MAL-1"]);
    // init empties this session's area (named after the SHA-256 of its cookie's token).
    const area = join(app.dataDir, "exchange-1c", createHash("sha256").update(oneC.cookie.split("=")[1]!).digest("hex").slice(0, 32));
    expect(readdirSync(area)).toContain("escape.xml");
    await oneC.init("2.10");
    expect(existsSync(area)).toBe(false);
    expect((await oneC.call("file", { filename: ".." }, Buffer.from("x"))).text).toMatch(/^failure\n/);
    // A chunk above file_limit is refused whole.
    const tooBig = await oneC.call("file", { filename: "big.xml" }, Buffer.alloc(524_289, 0x20));
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toMatch(/^failure\n/);
  });

  it("windows-1251 as the admin's option: the answer's charset matches and it round-trips through a decoder; a windows-1251 upload is read", async () => {
    const order = await createOrder(app.url, [{ sku: "KAZAN-8L", quantity: 1 }]);
    await writeSetting(sql, "exchange1c.encoding", "windows-1251", { secret: false, appSecret: APP_SECRET });
    try {
      const oneC = await session(app, "2.10");
      const answer = await oneC.call("query");
      expect(answer.contentType).toBe("application/xml; charset=windows-1251");
      expect([...answer.bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      const decoded = iconv.decode(answer.bytes, "win1251");
      expect(decoded).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
      expect(decoded).toContain("<ХозОперация>Заказ товара</ХозОперация>");
      expect(decoded).toContain(`<Ид>${order.id}</Ид>`);
      expect(iconv.encode(decoded, "win1251").equals(answer.bytes)).toBe(true);
      const upload = iconv.encode(
        `<?xml version="1.0" encoding="windows-1251"?><КоммерческаяИнформация ВерсияСхемы="2.10">${documentXml(payment("ПЛАТЁЖ-1251", order, sumOf(BigInt(order.amount))))}</КоммерческаяИнформация>`,
        "win1251",
      );
      await oneC.send("cp1251.xml", upload);
      expect((await lastReport()).lines[0]).toMatchObject({ outcome: "applied", reference: "ПЛАТЁЖ-1251" });
    } finally {
      await writeSetting(sql, "exchange1c.encoding", "utf-8", { secret: false, appSecret: APP_SECRET });
    }
  });

  it("the admin: the exchange history with each import's report and the refunds flagged; Paid x of y (n %) on the order page", async () => {
    const cookie = await createAdminSession(sql);
    const history = (await (await fetch(`${app.url}/admin/exchange-1c?lang=en`, { headers: { cookie: `${cookie}; tolov_lang=en` } })).text()).replace(/&#x27;|&#39;/g, "'");
    expect(history).toContain("1c_to_site_order490_paid_shipped.xml");
    expect(history).toContain("irpsv_bitrix_module6_documents_1.xml");
    expect(history).toMatch(/broken\.xml[\s\S]*?malformed XML/);
    expect(history).toContain("exceeds_paid");
    expect(history).toContain("order_cancelled");
    expect(history).toContain("refund by hand");
    const order = await createOrder(app.url);
    const part = BigInt(order.amount) / 2n;
    await (await session(app, "2.10")).send("half.xml", fileXml("2.10", [[payment("HALF-1", order, sumOf(part))]]));
    const detail = (await (await fetch(`${app.url}/admin/orders/${order.number}?lang=en`, { headers: { cookie: `${cookie}; tolov_lang=en` } })).text()).replace(/\u00a0/g, " ").replace(/&#x27;|&#39;/g, "'");
    expect(detail).toMatch(/Paid [^<]+ of [^<]+ \(50 %\)/);
  });

  it("concurrent duplicates: the same payment and refund files imported at once in two sessions (two store processes on PostgreSQL) count once", async () => {
    const order = await createOrder(app.url);
    const amount = BigInt(order.amount);
    const payFile = fileXml("3.1", [[payment("DUP-PAY", order, sumOf(amount))]]);
    const refundFile = fileXml("3.1", [[{ id: "DUP-RET", operation: "Возврат безналичных денег", sum: sumOf(amount), basis: order.id }]]);
    for (const file of [payFile, refundFile]) {
      const sessions = await Promise.all([session(app), session(second ?? app)]);
      const results = await Promise.all(sessions.map((oneC) => oneC.send("dup.xml", file, 300)));
      expect(results.map((result) => result.answers.at(-1))).toEqual(["success", "success"]);
    }
    const entries = await ledger(order.number);
    expect(entries.map((entry) => [entry.kind, entry.reference, entry.amount])).toEqual([
      ["payment", "DUP-PAY", amount],
      ["refund", "DUP-RET", amount],
    ]);
    expect(await events(order.number)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
    expect(await orderRow(order.number)).toMatchObject({ status: "refunded", paidAmount: amount, refundedAmount: amount });
  });

  // Last: it locks this address out of checkauth for ten minutes.
  it("failed sign-ins: after ten from one address, checkauth is refused without a check", async () => {
    const oneC = new OneC(app);
    let last: Answer | undefined;
    for (let attempt = 0; attempt < 12; attempt += 1) last = await oneC.checkauth(LOGIN, `wrong-${attempt}`);
    expect(last!.status).toBe(429);
    expect(last!.text).toMatch(/^failure\ntoo many failed sign-ins/);
    const right = await oneC.checkauth();
    expect(right.status).toBe(429);
  });
});

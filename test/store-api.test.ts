// The store's own JSON API against the real server, on SQLite and on PostgreSQL (see vitest.config.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { startApp, type App } from "./helpers/app";
import { startCbuServer, type CbuServer } from "./helpers/cbu-server";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { getJson, postJson } from "./helpers/http";

const kind = testDatabaseKind();

type Product = { sku: string; price: string; currency: string; title: { ru: string; uz: string; en: string } };
type FieldError = { field: string; message: string };

// A rate the app's built-in fallback (lib/money/fallback-rates.json) does not have, so an order
// priced with it proves the rate came from our CBU server.
const USD_RATE = "12650.55";

describe(`store API on ${kind}`, () => {
  let database: FreshDatabase;
  let cbu: CbuServer;
  let app: App;
  let db: Db;
  let catalog: Product[];

  beforeAll(async () => {
    cbu = await startCbuServer([
      { ccy: "USD", rate: USD_RATE },
      { ccy: "EUR", rate: "13952.18" },
      { ccy: "RUB", rate: "152.91" },
      { ccy: "GBP", rate: "15800.11" },
    ]);
    database = await freshDatabase(kind);
    app = await startApp({ databaseUrl: database.url, env: { CBU_RATES_URL: cbu.url } });
    db = createDb(database.url);
    catalog = (await getJson<Product[]>(`${app.url}/api/products`)).body;
  });

  afterAll(async () => {
    await db?.$disconnect();
    await app?.stop();
    await database?.drop();
    await cbu?.close();
  });

  const orderCount = () => db.order.count();
  const priceOf = (sku: string) => BigInt(catalog.find((product) => product.sku === sku)!.price);

  it("serves the seeded demo catalog: at least 8 products, one priced in USD", async () => {
    const response = await getJson<Product[]>(`${app.url}/api/products`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(response.body).toEqual(catalog);
    expect(catalog.length).toBeGreaterThanOrEqual(8);
    expect(new Set(catalog.map((product) => product.sku)).size).toBe(catalog.length);
    for (const product of catalog) {
      expect(product.price, product.sku).toMatch(/^[1-9]\d*$/);
      expect(["UZS", "USD", "EUR", "RUB"]).toContain(product.currency);
      expect(product.title.ru && product.title.uz && product.title.en, product.sku).toBeTruthy();
    }
    expect(catalog.filter((product) => product.currency === "USD").length).toBeGreaterThanOrEqual(1);
    expect(await db.product.count()).toBe(catalog.length);
  });

  it("creates an order priced from the database, ignoring any price or amount the client sends", async () => {
    const before = await orderCount();
    const response = await postJson(`${app.url}/api/orders`, {
      items: [
        { sku: "KAZAN-8L", quantity: 2, price: "1", unitPrice: 1, amount: 1 },
        { sku: "GREEN-TEA-95", quantity: 3, price: 0 },
      ],
      amount: "100",
      price: 100,
      total: "1",
      currency: "USD",
      status: "paid",
      paidAmount: "999999999",
      customer: { phone: "+998 90 123 45 67", email: "shopper@example.uz", name: "Dilnoza" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const expected = priceOf("KAZAN-8L") * 2n + priceOf("GREEN-TEA-95") * 3n;
    const order = response.body;
    expect(order.amount).toBe(expected.toString());
    expect(order.currency).toBe("UZS");
    expect(order.status).toBe("pending");
    expect(order.paidAmount).toBe("0");
    expect(order.number).toMatch(/^[1-9]\d*$/);
    expect(typeof order.id).toBe("string");
    expect(order.id.length).toBeGreaterThanOrEqual(16);
    expect(order.id).not.toBe(order.number);
    expect(await orderCount()).toBe(before + 1);

    const stored = await db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
    expect(stored.amount).toBe(expected);
    expect(stored.paidAmount).toBe(0n);
    expect(stored.status).toBe("pending");
    expect(stored.customerPhone).toBe("+998901234567");
    expect(stored.items.map((item) => [item.sku, item.quantity, item.unitPrice]).sort()).toEqual(
      [
        ["GREEN-TEA-95", 3, priceOf("GREEN-TEA-95")],
        ["KAZAN-8L", 2, priceOf("KAZAN-8L")],
      ].sort(),
    );

    const fetched = await getJson(`${app.url}/api/orders/${order.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({
      id: order.id,
      number: order.number,
      status: "pending",
      amount: expected.toString(),
      paidAmount: "0",
      refundedAmount: "0",
      currency: "UZS",
      payments: [],
    });
  });

  it("gives each order its own id and the next number", async () => {
    const first = await postJson(`${app.url}/api/orders`, { items: [{ sku: "APRICOT-1KG", quantity: 1 }] });
    const second = await postJson(`${app.url}/api/orders`, { items: [{ sku: "APRICOT-1KG", quantity: 1 }] });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(Number(second.body.number)).toBeGreaterThan(Number(first.body.number));
  });

  it("adds up the same SKU listed twice", async () => {
    const response = await postJson(`${app.url}/api/orders`, {
      items: [
        { sku: "NON-STAMP", quantity: 2 },
        { sku: "NON-STAMP", quantity: 3 },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.amount).toBe((priceOf("NON-STAMP") * 5n).toString());
  });

  const badRequests: { name: string; body: unknown; field: string }[] = [
    { name: "unknown SKU", body: { items: [{ sku: "NO-SUCH-THING", quantity: 1 }] }, field: "items.0.sku" },
    {
      name: "unknown SKU after a good one",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }, { sku: "NO-SUCH-THING", quantity: 1 }] },
      field: "items.1.sku",
    },
    { name: "quantity 0", body: { items: [{ sku: "KAZAN-8L", quantity: 0 }] }, field: "items.0.quantity" },
    { name: "quantity 1000", body: { items: [{ sku: "KAZAN-8L", quantity: 1000 }] }, field: "items.0.quantity" },
    { name: "quantity 1.5", body: { items: [{ sku: "KAZAN-8L", quantity: 1.5 }] }, field: "items.0.quantity" },
    { name: "negative quantity", body: { items: [{ sku: "KAZAN-8L", quantity: -1 }] }, field: "items.0.quantity" },
    {
      name: "bad quantity in the second item",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }, { sku: "APRICOT-1KG", quantity: 1000 }] },
      field: "items.1.quantity",
    },
    { name: "quantity as a string", body: { items: [{ sku: "KAZAN-8L", quantity: "2" }] }, field: "items.0.quantity" },
    { name: "quantity null", body: { items: [{ sku: "KAZAN-8L", quantity: null }] }, field: "items.0.quantity" },
    { name: "quantity missing", body: { items: [{ sku: "KAZAN-8L" }] }, field: "items.0.quantity" },
    { name: "huge quantity", body: { items: [{ sku: "KAZAN-8L", quantity: 1e21 }] }, field: "items.0.quantity" },
    {
      name: "one SKU twice adding up to more than 999",
      body: { items: [{ sku: "KAZAN-8L", quantity: 600 }, { sku: "KAZAN-8L", quantity: 600 }] },
      field: "items.0.quantity",
    },
    { name: "SKU as a number", body: { items: [{ sku: 42, quantity: 1 }] }, field: "items.0.sku" },
    { name: "empty SKU", body: { items: [{ sku: "", quantity: 1 }] }, field: "items.0.sku" },
    { name: "SKU missing", body: { items: [{ quantity: 1 }] }, field: "items.0.sku" },
    { name: "item not an object", body: { items: ["KAZAN-8L"] }, field: "items.0" },
    { name: "empty items", body: { items: [] }, field: "items" },
    { name: "missing items", body: { customer: { name: "Aziz" } }, field: "items" },
    { name: "items not a list", body: { items: { sku: "KAZAN-8L", quantity: 1 } }, field: "items" },
    { name: "items a string", body: { items: "KAZAN-8L" }, field: "items" },
    { name: "malformed JSON", body: '{"items": [{"sku": "KAZAN-8L", "quantity": 1}', field: "body" },
    { name: "empty body", body: "", field: "body" },
    { name: "a JSON list instead of an object", body: "[]", field: "body" },
    { name: "JSON null", body: "null", field: "body" },
    { name: "a JSON string", body: '"KAZAN-8L"', field: "body" },
    {
      name: "bad phone",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: "call me" } },
      field: "customer.phone",
    },
    {
      name: "a phone with a leading 8 (old trunk prefix)",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: "8 90 123 45 67" } },
      field: "customer.phone",
    },
    {
      name: "a foreign phone",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: "+7 912 345-67-89" } },
      field: "customer.phone",
    },
    {
      name: "an Uzbek phone with no such operator code",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: "+998 00 123 45 67" } },
      field: "customer.phone",
    },
    {
      name: "bad e-mail",
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { email: "not-an-email" } },
      field: "customer.email",
    },
    { name: "customer not an object", body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: "Aziz" }, field: "customer" },
    { name: "unknown language", body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], lang: "de" }, field: "lang" },
  ];

  it.each(["+998 90 123 45 67", "998901234567", "901234567", "90 123 45 67", "(90) 123-45-67", "+998-90-123-45-67"])(
    "stores the phone %j as +998901234567",
    async (phone) => {
      const response = await postJson<{ id: string; customer: { phone: string } }>(`${app.url}/api/orders`, {
        items: [{ sku: "KAZAN-8L", quantity: 1 }],
        customer: { phone },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.customer.phone).toBe("+998901234567");
      expect((await db.order.findUniqueOrThrow({ where: { id: response.body.id } })).customerPhone).toBe("+998901234567");
    },
  );

  it("names the phone in a 400 with an English message for integrators", async () => {
    const response = await postJson<{ error: { fields: FieldError[] } }>(`${app.url}/api/orders`, {
      items: [{ sku: "KAZAN-8L", quantity: 1 }],
      customer: { phone: "8 90 123 45 67" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ field: "customer.phone", message: "expected an Uzbek phone number such as +998 90 123 45 67" }]);
  });

  it.each(badRequests)("answers 400 naming $field for $name, and writes nothing", async ({ body, field }) => {
    const before = await orderCount();
    const response = await postJson<{ error: { code: string; message: string; fields: FieldError[] } }>(
      `${app.url}/api/orders`,
      body,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(typeof response.body.error.message).toBe("string");
    expect(response.body.error.fields.map((error) => error.field)).toContain(field);
    for (const error of response.body.error.fields) expect(error.message, error.field).toBeTruthy();
    expect(await orderCount()).toBe(before);
  });

  it("answers 404 for an unknown order id (and the order number is not an id)", async () => {
    for (const id of ["no-such-order", "1", "AAAAAAAAAAAAAAAAAAAAAA"]) {
      const response = await getJson(`${app.url}/api/orders/${id}`);
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("converts the USD product at the rate served by CBU and stores that rate with the order", async () => {
    const requestsBefore = cbu.requests();
    const response = await postJson(`${app.url}/api/orders`, {
      items: [
        { sku: "EARBUDS-X2", quantity: 2 },
        { sku: "KAZAN-8L", quantity: 1 },
      ],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(cbu.requests()).toBeGreaterThan(requestsBefore);
    // 49.90 USD × 12 650.55 UZS = 631 262.4445 UZS → 631 262 so'm (whole so'm) = 63 126 200 tiyin.
    expect(priceOf("EARBUDS-X2")).toBe(4_990n);
    const unit = 63_126_200n;
    const expected = unit * 2n + priceOf("KAZAN-8L");
    expect(response.body.amount).toBe(expected.toString());
    expect(response.body.currency).toBe("UZS");

    const fetched = await getJson(`${app.url}/api/orders/${response.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.amount).toBe(expected.toString());
    expect(fetched.body.exchangeRates).toMatchObject({
      USD: { rate: USD_RATE, date: "2026-11-21", source: "cbu" },
    });
    const earbuds = fetched.body.items.find((item: { sku: string }) => item.sku === "EARBUDS-X2");
    expect(earbuds).toMatchObject({ unitPrice: unit.toString(), originalPrice: "4990", originalCurrency: "USD" });

    const stored = await db.order.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(stored.amount).toBe(expected);
    expect(JSON.parse(stored.exchangeRates ?? "{}")).toMatchObject({ USD: { rate: USD_RATE } });
  });

  it("stores no exchange rate on an order priced only in UZS", async () => {
    const response = await postJson(`${app.url}/api/orders`, { items: [{ sku: "DOPPI-CHUST", quantity: 1 }] });
    expect(response.status).toBe(201);
    const fetched = await getJson(`${app.url}/api/orders/${response.body.id}`);
    expect(fetched.body.exchangeRates ?? null).toBeNull();
  });
});

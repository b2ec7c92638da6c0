// The admin's Payme tester (/admin/payme-tester) against the running store: the page, its
// server action submitted as a browser without JavaScript would (multipart form POST), and the
// rules of runPaymeTester (whose key goes where, never live). Runs on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPaymeTester, type TesterDeps } from "@/app/admin/payme-tester/run-tester";
import { createSql } from "@/lib/db/sql";
import type { SandboxScenarioOptions } from "@/lib/payments/payme/sandbox-scenarios";
import { createAdminSession } from "./helpers/admin";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, orderView, startPaymeStores, StoreDatabase, type PaymeStore } from "./helpers/payme";

const kind = testDatabaseKind();

/** Submits the tester's form like a browser without JavaScript: the page's hidden action fields plus ours. */
async function submitTesterForm(
  appUrl: string,
  cookie: string,
  fields: Record<string, string>,
  sendCookie = true,
): Promise<{ status: number; html: string }> {
  const page = await fetch(`${appUrl}/admin/payme-tester`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new FormData();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    form.append(match[1]!, (match[2] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
  }
  expect([...form.keys()].some((name) => name.startsWith("$ACTION"))).toBe(true);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(`${appUrl}/admin/payme-tester`, {
    method: "POST",
    body: form,
    headers: { origin: appUrl, ...(sendCookie ? { cookie } : {}) },
  });
  return { status: response.status, html: (await response.text()).replace(/<!-- -->/g, "") };
}

const summaryOf = (html: string) => /data-testid="tester-summary"[^>]*>([^<]*)</.exec(html)?.[1];
const alertsOf = (html: string) => [...html.matchAll(/role="alert"[^>]*>([^<]*)</g)].map((match) => match[1]);

describe(`the admin's Payme tester on ${kind}`, () => {
  let database: FreshDatabase;
  let store: PaymeStore;

  let cookie: string;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    [store] = (await startPaymeStores(database)) as [PaymeStore];
    const sql = createSql(database.url);
    try {
      cookie = await createAdminSession(sql);
    } finally {
      await sql.close();
    }
  });

  afterAll(async () => {
    await store?.app.stop();
    await database?.drop();
  });

  it("serves the form to a signed-in admin only, with our endpoint filled in and no key anywhere in the page", async () => {
    const anonymous = await fetch(`${store.app.url}/admin/payme-tester`, { redirect: "manual" });
    // Off to the sign-in form: a redirect, not an error page.
    expect([303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(/\/admin$/);
    expect(await anonymous.text()).not.toContain('name="url"');
    const response = await fetch(`${store.app.url}/admin/payme-tester`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`value="${store.app.url}/api/payme"`);
    expect(html).toMatch(/<input[^>]*type="password"[^>]*name="key"/);
    expect(html).not.toContain(store.key);
    expect(html).not.toContain(store.adminPassword);
  });

  it("runs both scenarios against our endpoint with our key, a pass line per check, echoing neither key nor password", async () => {
    const { status, html } = await submitTesterForm(store.app.url, cookie, { url: `${store.app.url}/api/payme`, key: "" });
    expect(status).toBe(200);
    expect(alertsOf(html)).toEqual([]);
    const summary = summaryOf(html);
    expect(summary).toMatch(new RegExp(`^Пройдено: (\\d+), не пройдено: 0 — ${store.app.url}/api/payme$`));
    const passes = (html.match(/data-ok="true"/g) ?? []).length;
    expect(passes).toBeGreaterThanOrEqual(30);
    expect(html.match(/data-ok="false"/g)).toBeNull();
    expect(html).not.toContain(store.key);
    expect(html).not.toContain(store.adminPassword);

    // The order the scenarios created is a test order: hidden from the order list unless asked for.
    const sql = createSql(database.url);
    let numbers: number[];
    try {
      numbers = (await sql.all<{ number: number }>(`SELECT "number" FROM "Order" WHERE "isTest" = TRUE`, [], { number: "number" })).map((row) => row.number);
    } finally {
      await sql.close();
    }
    expect(numbers.length).toBeGreaterThanOrEqual(1);
    const list = await (await fetch(`${store.app.url}/admin/orders`, { headers: { cookie } })).text();
    const withTests = await (await fetch(`${store.app.url}/admin/orders?test=1`, { headers: { cookie } })).text();
    for (const number of numbers) {
      expect(list).not.toContain(`href="/admin/orders/${number}"`);
      expect(withTests).toContain(`href="/admin/orders/${number}"`);
    }
    expect(list).toContain("Показать тестовые заказы");
    expect(withTests).toContain("тестовый");
    const detail = await (await fetch(`${store.app.url}/admin/orders/${numbers[0]}`, { headers: { cookie } })).text();
    expect(detail).toContain("Тестовый заказ: его создал тестер Payme.");
  });

  it("speaks the admin's language", async () => {
    const english = await (await fetch(`${store.app.url}/admin/payme-tester?lang=en`, { headers: { cookie } })).text();
    expect(english).toContain("Payme sandbox scenarios");
    expect(english).toContain("Run both scenarios");
    const uzbek = await (await fetch(`${store.app.url}/admin/payme-tester?lang=uz`, { headers: { cookie } })).text();
    expect(uzbek).toContain("Ikkala ssenariyni ishga tushirish");
    expect(uzbek).toContain('class="adm-');
  });

  it("refuses the action without the admin session and runs nothing", async () => {
    const transactions = async () => {
      const db = new StoreDatabase(database.url, store.appSecret);
      try {
        return await db.count("PaymeTransaction");
      } finally {
        await db.close();
      }
    };
    const before = await transactions();
    const { html } = await submitTesterForm(store.app.url, cookie, { url: `${store.app.url}/api/payme` }, false);
    expect(summaryOf(html)).toBeUndefined();
    expect(html).not.toContain("data-ok=");
    expect(await transactions()).toBe(before);
  });

  it("shows the failures, without echoing it, for a wrong key", async () => {
    const { html } = await submitTesterForm(store.app.url, cookie, { key: "a-wrong-key-0123456789" });
    expect(summaryOf(html)).toMatch(/^Пройдено: \d+, не пройдено: [1-9]\d*/);
    expect(html).toMatch(/data-ok="false"[^>]*><td[^>]*>не пройдена<\/td><td[^>]*>1\.3 CheckPerformTransaction → allow/);
    expect(html).not.toContain("a-wrong-key-0123456789");
  });

  it("uses a given order number and amount", async () => {
    const order = await createOrder(store.app.url);
    const { html } = await submitTesterForm(store.app.url, cookie, { order: order.number, amount: order.amount });
    expect(summaryOf(html)).toMatch(/, не пройдено: 0 —/);
    expect((await orderView(store.app.url, order.id)).status).toBe("refunded");
    // The merchant's own order is not turned into a test order.
    const list = await (await fetch(`${store.app.url}/admin/orders`, { headers: { cookie } })).text();
    expect(list).toContain(`href="/admin/orders/${order.number}"`);
  });

  describe("runPaymeTester", () => {
    const ours = { key: "our-key-123456", login: "Paycom", accountField: "order_id", live: false };
    function deps(recorded: SandboxScenarioOptions[]): TesterDeps {
      return {
        publicUrl: "https://shop.example",
        ourPayme: async () => ours,
        run: async (options) => {
          recorded.push(options);
          return [{ name: "a check", ok: true, detail: "ok" }];
        },
      };
    }

    it("sends our key only to our own endpoint", async () => {
      const recorded: SandboxScenarioOptions[] = [];
      expect(await runPaymeTester({}, deps(recorded))).toMatchObject({ ok: true, endpoint: "https://shop.example/api/payme", passed: 1, failed: 0 });
      expect(recorded[0]).toMatchObject({ url: "https://shop.example/api/payme", key: "our-key-123456", login: "Paycom", accountField: "order_id" });

      const foreign = await runPaymeTester({ url: "https://other.example/api/payme" }, deps(recorded));
      expect(foreign).toMatchObject({ ok: false, field: "key" });
      const lookalike = await runPaymeTester({ url: "https://shop.example.evil.test/api/payme" }, deps(recorded));
      expect(lookalike).toMatchObject({ ok: false, field: "key" });
      const otherPath = await runPaymeTester({ url: "https://shop.example/api/click/prepare" }, deps(recorded));
      expect(otherPath).toMatchObject({ ok: false, field: "key" });
      expect(recorded).toHaveLength(1);

      await runPaymeTester({ url: "https://other.example/api/payme", key: "their-key" }, deps(recorded));
      expect(recorded[1]).toMatchObject({ url: "https://other.example/api/payme", key: "their-key", login: undefined });
    });

    it("refuses our own endpoint when our cashbox is live (payments without money)", async () => {
      const recorded: SandboxScenarioOptions[] = [];
      const live = { ...deps(recorded), ourPayme: async () => ({ ...ours, live: true }) };
      expect(await runPaymeTester({}, live)).toMatchObject({ ok: false, field: "url" });
      expect(await runPaymeTester({ order: "12", amount: "100" }, live)).toMatchObject({ ok: false, field: "url" });
      expect(recorded).toEqual([]);
      await runPaymeTester({ url: "https://other.example/api/payme", key: "their-key" }, live);
      expect(recorded).toHaveLength(1);
    });

    it("validates the endpoint and the order fields", async () => {
      const recorded: SandboxScenarioOptions[] = [];
      const run = (fields: Record<string, string>) => runPaymeTester({ ...fields }, deps(recorded));
      expect(await run({ url: "ftp://shop.example/api/payme" })).toMatchObject({ ok: false, field: "url" });
      expect(await run({ url: "not a url" })).toMatchObject({ ok: false, field: "url" });
      expect(await run({ order: "12" })).toMatchObject({ ok: false, field: "amount" });
      expect(await run({ amount: "100" })).toMatchObject({ ok: false, field: "order" });
      expect(await run({ order: "0", amount: "100" })).toMatchObject({ ok: false, field: "order" });
      expect(await run({ order: "12", amount: "1.5" })).toMatchObject({ ok: false, field: "amount" });
      expect(recorded).toEqual([]);
      expect(await run({ order: "12", amount: "8500000" })).toMatchObject({ ok: true });
      expect(recorded[0]!.order).toEqual({ number: "12", amount: "8500000" });
    });
  });
});

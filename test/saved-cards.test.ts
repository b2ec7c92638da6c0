// Saved cards and card payments (lib/payments/payme/saved-cards) on a real database (SQLite and
// PostgreSQL, per TEST_DATABASE), against the Subscribe emulator over real HTTP: what the card
// form's server actions do behind the browser's cards.create → get_verify_code → verify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlDatabase } from "@/lib/db/sql";
import { loadPaymeSettings } from "@/lib/payments/payme/payme-settings";
import { createReceiptForOrder } from "@/lib/payments/payme/receipts/create-receipt";
import type { ReceiptResult } from "@/lib/payments/payme/receipts/outcome";
import { cardFormState } from "@/lib/payments/payme/saved-cards/card-form-state";
import type { CardPaymentsContext } from "@/lib/payments/payme/saved-cards/context";
import { deviceHash, newDeviceId, parseDeviceId } from "@/lib/payments/payme/saved-cards/device-id";
import { CARD_HOLD_SETTING, holdCardPayment } from "@/lib/payments/payme/saved-cards/hold-policy";
import { payWithNewCard, startCardPayment, type CardPaymentResult } from "@/lib/payments/payme/saved-cards/pay-with-new-card";
import { payWithSavedCard } from "@/lib/payments/payme/saved-cards/pay-with-saved-card";
import { hashPin, verifyPin } from "@/lib/payments/payme/saved-cards/pin-hash";
import { sandboxReceiptAction } from "@/lib/payments/payme/saved-cards/sandbox-qa";
import { removeSavedCard, savedCardsForOrder } from "@/lib/payments/payme/saved-cards/saved-cards";
import { sendPaymentLink } from "@/lib/payments/payme/saved-cards/send-payment-link";
import { SubscribeError } from "@/lib/payments/payme/subscribe/errors";
import { createSubscribeClient } from "@/lib/payments/payme/subscribe/server-client";
import { writeSetting } from "@/lib/settings/settings";
import { raceProof, testDatabaseKind } from "./helpers/database";
import { insertCatalogOrder, startSubscribeSetup, type SubscribeSetup } from "./helpers/subscribe-setup";
import { verifiedCardToken } from "./helpers/test-card";

const kind = testDatabaseKind();

const WORKING = "8600069195406311";
const SAVABLE = "8600495473316478";
const SYSTEM_ERROR = "8600143417770323";
const PHONE = "+998901234567";
const OTHER_PHONE = "+998935551234";

describe(`saved cards on ${kind}`, () => {
  let setup: SubscribeSetup;
  let sql: SqlDatabase;
  let endpoint: string;
  let ctx: CardPaymentsContext;
  const log: string[] = [];

  beforeAll(async () => {
    setup = await startSubscribeSetup({
      kind,
      // A cashbox without billing: Payme does not call the store.
      emulator: { billing: () => false, slowCardDelayMs: 300, cancelDelayMs: 100, log: () => {} },
    });
    ({ sql, endpoint } = setup);
    ctx = {
      sql,
      settings: () => loadPaymeSettings(sql, setup.appSecret),
      endpoint: () => endpoint,
      now: Date.now,
      client: { retryDelayMs: 10 },
      log: (line) => log.push(line),
      appSecret: setup.appSecret,
    };
  });

  afterAll(async () => {
    await setup?.close();
  });

  /** An order of one KAZAN-8L priced from the catalog, with the shopper's phone (or none). */
  function newOrder(phone: string | null = PHONE): Promise<{ id: string; number: number; amount: bigint }> {
    return insertCatalogOrder(sql, [{ sku: "KAZAN-8L", quantity: 1 }], phone);
  }

  /** What the browser does with Payme: token, SMS code, verify. Only the token reaches our server. */
  function verifiedToken(number: string, save: boolean): Promise<string> {
    return verifiedCardToken(endpoint, setup.merchantId, number, save);
  }

  const payme = () => createSubscribeClient({ endpoint, merchantId: setup.merchantId, key: setup.testKey, retryDelayMs: 10 });

  /** Whether Payme still has the token (cards.check). */
  async function paymeHasToken(token: string): Promise<boolean> {
    try {
      await payme().cardsCheck(token);
      return true;
    } catch (error) {
      if (error instanceof SubscribeError && error.code === -31400) return false;
      throw error;
    }
  }

  function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify((result as { error?: unknown }).error)}`);
    return result as Extract<T, { ok: true }>;
  }

  async function orderStatus(number: number): Promise<string> {
    return (await sql.get<{ status: string }>(`SELECT "status" FROM "Order" WHERE "number" = ?`, [number]))!.status;
  }

  async function cardRow(id: string) {
    return sql.get<{ id: string; deviceHash: string; phone: string; sealed: string; maskedNumber: string; pinHash: string; pinFailures: number | bigint }>(
      `SELECT "id", "deviceHash", "phone", "sealed", "maskedNumber", "pinHash", "pinFailures" FROM "SavedCard" WHERE "id" = ?`,
      [id],
    );
  }

  /** Pays a new order with 8600 4954 7331 6478 and saves it for `deviceId` under `pin`. */
  async function saveCard(deviceId: string, pin = "2468", phone = PHONE) {
    const order = await newOrder(phone);
    const token = await verifiedToken(SAVABLE, true);
    const receipt = ok(await startCardPayment(ctx, { orderId: order.id }));
    const paid = ok(await payWithNewCard(ctx, { orderId: order.id, receiptId: receipt.receipt.id, token, save: { pin } }, { ip: "203.0.113.5", deviceId }));
    expect(paid.saved).not.toBeNull();
    return { order, token, card: paid.saved! };
  }

  async function payAgain(deviceId: string | undefined, cardId: string, pin: string, phone = PHONE): Promise<{ order: { id: string; number: number }; result: CardPaymentResult }> {
    const order = await newOrder(phone);
    return { order, result: await payWithSavedCard(ctx, { orderId: order.id, cardId, pin }, { ip: "203.0.113.5", deviceId }) };
  }

  describe("the PIN hash", () => {
    it("is scrypt with a per-card salt, matches only the right PIN, and a malformed hash matches nothing", async () => {
      const first = await hashPin("1234");
      const second = await hashPin("1234");
      expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
      expect(first).not.toBe(second);
      expect(await verifyPin("1234", first)).toBe(true);
      expect(await verifyPin("1235", first)).toBe(false);
      expect(await verifyPin("1234", "plain-1234")).toBe(false);
      expect(await verifyPin("12345", first)).toBe(false);
    });

    it("device ids are random, 43 base64url characters; the database keeps only a hash", () => {
      const id = newDeviceId();
      expect(parseDeviceId(id)).toBe(id);
      expect(parseDeviceId("x")).toBeNull();
      expect(parseDeviceId(`${id}; other=1`)).toBeNull();
      expect(deviceHash(id)).toMatch(/^[0-9a-f]{64}$/);
      expect(deviceHash(id)).not.toContain(id);
    });
  });

  describe("paying with a new card", () => {
    it("a one-time token pays the order; nothing is saved and the token is gone at Payme", async () => {
      const order = await newOrder();
      const token = await verifiedToken(WORKING, false);
      const receipt = ok(await startCardPayment(ctx, { orderId: order.id }));
      const paid = ok(await payWithNewCard(ctx, { orderId: order.id, receiptId: receipt.receipt.id, token }, { ip: "203.0.113.5" }));
      expect(paid).toMatchObject({ orderStatus: "paid", receipt: { status: "paid" }, saved: null });
      expect(await paymeHasToken(token)).toBe(false);
      // The payer Payme saw is the order's phone (never a number from the browser).
      const row = await sql.get<{ payerPhone: string }>(`SELECT "payerPhone" FROM "PaymeReceipt" WHERE "paymeId" = ?`, [receipt.receipt.id]);
      expect(row?.payerPhone).toBe(PHONE);
    });

    it("with save: the card is kept for this device and phone, its token sealed, masked number and expiry from Payme", async () => {
      const deviceId = newDeviceId();
      const { token, card, order } = await saveCard(deviceId, "2468");
      expect(await orderStatus(order.number)).toBe("paid");
      expect(card).toEqual({ id: expect.any(String), number: "860049******6478", expire: "03/99" });
      const row = (await cardRow(card.id))!;
      expect(row).toMatchObject({ deviceHash: deviceHash(deviceId), phone: PHONE, maskedNumber: "860049******6478" });
      expect(Number(row.pinFailures)).toBe(0);
      expect(row.sealed).toMatch(/^v1\./);
      expect(row.sealed).not.toContain(token);
      expect(row.pinHash).not.toContain("2468");
      expect(JSON.stringify(row)).not.toContain(SAVABLE);
      expect(await paymeHasToken(token)).toBe(true);

      // Offered on this device for this phone only.
      const next = await newOrder();
      expect(await savedCardsForOrder(ctx, { orderId: next.id, deviceId })).toEqual([card]);
      expect(await savedCardsForOrder(ctx, { orderId: next.id, deviceId: newDeviceId() })).toEqual([]);
      expect(await savedCardsForOrder(ctx, { orderId: next.id, deviceId: undefined })).toEqual([]);
      expect(await savedCardsForOrder(ctx, { orderId: (await newOrder(OTHER_PHONE)).id, deviceId })).toEqual([]);
      const state = await cardFormState(ctx, { orderId: next.id, deviceId });
      expect(state).toEqual({
        available: true,
        endpoint,
        merchantId: setup.merchantId,
        sandbox: true,
        canSave: true,
        phone: "+998 90 *** ** 67",
        savedCards: [card],
      });
      expect(JSON.stringify(state)).not.toContain(setup.testKey);
    });

    it("a failed payment saves nothing and removes the reusable token at Payme; the order stays payable", async () => {
      const order = await newOrder();
      const deviceId = newDeviceId();
      const token = await verifiedToken(SYSTEM_ERROR, true);
      const receipt = ok(await startCardPayment(ctx, { orderId: order.id }));
      const refused = await payWithNewCard(ctx, { orderId: order.id, receiptId: receipt.receipt.id, token, save: { pin: "1111" } }, { ip: "", deviceId });
      expect(refused).toMatchObject({ ok: false, error: { code: "payment_failed", subscribeCode: -32400 } });
      expect(await paymeHasToken(token)).toBe(false);
      expect(await savedCardsForOrder(ctx, { orderId: order.id, deviceId })).toEqual([]);
      expect(await orderStatus(order.number)).toBe("pending");
    });

    it("saving needs the order's phone: refused before paying, the token removed", async () => {
      const order = await newOrder(null);
      const token = await verifiedToken(SAVABLE, true);
      const receipt = ok(await startCardPayment(ctx, { orderId: order.id }));
      const refused = await payWithNewCard(ctx, { orderId: order.id, receiptId: receipt.receipt.id, token, save: { pin: "1111" } }, { ip: "", deviceId: newDeviceId() });
      expect(refused).toMatchObject({ ok: false, error: { code: "no_phone" } });
      expect(await paymeHasToken(token)).toBe(false);
      expect(await orderStatus(order.number)).toBe("pending");
      expect((await cardFormState(ctx, { orderId: order.id, deviceId: undefined }))).toMatchObject({ canSave: false, phone: null });
    });

    it("refuses bad input and unknown orders with a localized sentence", async () => {
      expect(await payWithNewCard(ctx, { orderId: "", receiptId: "x", token: "t" }, { ip: "" })).toMatchObject({
        ok: false,
        error: { code: "invalid_input", message: { ru: expect.any(String), uz: expect.any(String), en: expect.any(String) } },
      });
      expect(await payWithNewCard(ctx, { orderId: "no-such-order", receiptId: "x", token: "t" }, { ip: "" })).toMatchObject({
        ok: false,
        error: { code: "order_not_found" },
      });
      const order = await newOrder();
      const receipt = ok(await startCardPayment(ctx, { orderId: order.id }));
      expect(
        await payWithNewCard(ctx, { orderId: order.id, receiptId: receipt.receipt.id, token: "t", save: { pin: "12a4" } }, { ip: "" }),
      ).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    });
  });

  describe("paying with a saved card", () => {
    it("the right PIN pays a second order; cards.check first; the card stays for next time", async () => {
      const deviceId = newDeviceId();
      const { card, token } = await saveCard(deviceId, "2468");
      const { order, result } = await payAgain(deviceId, card.id, "2468");
      expect(ok(result)).toMatchObject({ orderStatus: "paid", receipt: { status: "paid" } });
      expect(await orderStatus(order.number)).toBe("paid");
      expect(await paymeHasToken(token)).toBe(true);
      expect(await cardRow(card.id)).toBeDefined();
      const ledger = await sql.all<{ reference: string; amount: bigint }>(`SELECT "reference", "amount" FROM "LedgerEntry" WHERE "orderNumber" = ?`, [order.number]);
      expect(ledger).toHaveLength(1);
    });

    it("three wrong PINs delete the card here and its token at Payme, with a clear message each time", async () => {
      const deviceId = newDeviceId();
      const { card, token } = await saveCard(deviceId, "2468");
      const first = await payAgain(deviceId, card.id, "0000");
      expect(first.result).toMatchObject({ ok: false, error: { code: "wrong_pin", attemptsLeft: 2 } });
      expect((first.result as { error: { message: { en: string } } }).error.message.en).toBe(
        "Wrong PIN. Attempts left: 2. After the third wrong PIN the card is deleted.",
      );
      expect(await orderStatus(first.order.number)).toBe("pending");
      expect((await payAgain(deviceId, card.id, "1111")).result).toMatchObject({ ok: false, error: { code: "wrong_pin", attemptsLeft: 1 } });
      const third = await payAgain(deviceId, card.id, "9999");
      expect(third.result).toMatchObject({ ok: false, error: { code: "pin_locked" } });
      expect((third.result as { error: { message: { ru: string } } }).error.message.ru).toContain("трижды");
      expect(await cardRow(card.id)).toBeUndefined();
      expect(await paymeHasToken(token)).toBe(false);
      // Even the right PIN cannot bring it back; no receipt was created for any of these orders.
      expect((await payAgain(deviceId, card.id, "2468")).result).toMatchObject({ ok: false, error: { code: "card_not_found" } });
      const receipts = await sql.get<{ count: number }>(`SELECT COUNT(*) AS "count" FROM "PaymeReceipt" WHERE "orderNumber" = ?`, [third.order.number], { count: "number" });
      expect(Number(receipts!.count)).toBe(0);
    });

    it("the right PIN starts the count over", async () => {
      const deviceId = newDeviceId();
      const { card } = await saveCard(deviceId, "2468");
      expect((await payAgain(deviceId, card.id, "0000")).result).toMatchObject({ ok: false, error: { code: "wrong_pin" } });
      expect((await payAgain(deviceId, card.id, "0000")).result).toMatchObject({ ok: false, error: { code: "wrong_pin", attemptsLeft: 1 } });
      ok((await payAgain(deviceId, card.id, "2468")).result);
      expect(Number((await cardRow(card.id))!.pinFailures)).toBe(0);
      expect((await payAgain(deviceId, card.id, "0000")).result).toMatchObject({ ok: false, error: { code: "wrong_pin", attemptsLeft: 2 } });
    });

    it(`${raceProof(kind)}: parallel guesses cannot get past three: the card is deleted and none of them pays`, async () => {
      const deviceId = newDeviceId();
      const { card } = await saveCard(deviceId, "2468");
      const guesses = await Promise.all(["0001", "0002", "0003", "0004", "0005", "0006"].map((pin) => payAgain(deviceId, card.id, pin)));
      expect(guesses.every(({ result }) => !result.ok)).toBe(true);
      const codes = guesses.map(({ result }) => (result as { error: { code: string } }).error.code);
      expect(codes.filter((code) => code === "wrong_pin").length).toBeLessThanOrEqual(2);
      expect(codes).toContain("pin_locked");
      expect(await cardRow(card.id)).toBeUndefined();
    });

    it("only on the device and phone it was saved for", async () => {
      const deviceId = newDeviceId();
      const { card } = await saveCard(deviceId, "2468");
      expect((await payAgain(newDeviceId(), card.id, "2468")).result).toMatchObject({ ok: false, error: { code: "card_not_found" } });
      expect((await payAgain(undefined, card.id, "2468")).result).toMatchObject({ ok: false, error: { code: "card_not_found" } });
      expect((await payAgain(deviceId, card.id, "2468", OTHER_PHONE)).result).toMatchObject({ ok: false, error: { code: "card_not_found" } });
      // None of these counted as a PIN attempt.
      expect(Number((await cardRow(card.id))!.pinFailures)).toBe(0);
    });

    it("a token Payme no longer accepts (cards.check) deletes the saved card with a clear message", async () => {
      const deviceId = newDeviceId();
      const { card, token } = await saveCard(deviceId, "2468");
      await payme().cardsRemove(token);
      const { order, result } = await payAgain(deviceId, card.id, "2468");
      expect(result).toMatchObject({ ok: false, error: { code: "card_removed" } });
      expect((result as { error: { message: { en: string } } }).error.message.en).toContain("can no longer be used");
      expect(await cardRow(card.id)).toBeUndefined();
      expect(await orderStatus(order.number)).toBe("pending");
    });

    it("a sealed token copied onto another row does not open there", async () => {
      const victim = await saveCard(newDeviceId(), "2468");
      const attackerDevice = newDeviceId();
      const attacker = await saveCard(attackerDevice, "1357");
      const stolen = (await cardRow(victim.card.id))!.sealed;
      await sql.run(`UPDATE "SavedCard" SET "sealed" = ? WHERE "id" = ?`, [stolen, attacker.card.id]);
      expect(await savedCardsForOrder(ctx, { orderId: (await newOrder()).id, deviceId: attackerDevice })).toEqual([]);
      const { result } = await payAgain(attackerDevice, attacker.card.id, "1357");
      expect(result).toMatchObject({ ok: false, error: { code: "card_removed" } });
      // The victim's card (and token) are untouched.
      expect(await cardRow(victim.card.id)).toBeDefined();
      expect(await paymeHasToken(victim.token)).toBe(true);
    });

    it("the shopper removes a card: gone here and at Payme; another device cannot remove it", async () => {
      const deviceId = newDeviceId();
      const { card, token } = await saveCard(deviceId, "2468");
      const order = await newOrder();
      expect(await removeSavedCard(ctx, { orderId: order.id, cardId: card.id }, newDeviceId())).toMatchObject({ ok: false, error: { code: "card_not_found" } });
      expect(await cardRow(card.id)).toBeDefined();
      expect(await removeSavedCard(ctx, { orderId: order.id, cardId: card.id }, deviceId)).toEqual({ ok: true, removed: card });
      expect(await cardRow(card.id)).toBeUndefined();
      expect(await paymeHasToken(token)).toBe(false);
    });

    // Card number, expiry and SMS code never pass through the store's code in this test (the browser
    // sends them to Payme): e2e/card-data-privacy.spec.ts proves they stay out. The PIN and
    // Payme's token do pass through it, so those are what this test can check.
    it("neither the PIN nor Payme's token in the clear anywhere in the SavedCard table", async () => {
      const { token } = await saveCard(newDeviceId(), "8642");
      const dump = JSON.stringify(await sql.all(`SELECT * FROM "SavedCard"`), (_key, value) => (typeof value === "bigint" ? value.toString() : value));
      for (const secret of ["8642", token]) expect(dump).not.toContain(secret);
      // Payme's token was never logged either.
      expect(log.join("\n")).not.toContain(token);
    });
  });

  describe("holds, payment links and the sandbox's QA actions", () => {
    it("a hold is honoured on request in the sandbox only; elsewhere only the merchant's setting holds", async () => {
      const settings = await ctx.settings();
      expect(await holdCardPayment(sql, settings, true)).toBe(true);
      expect(await holdCardPayment(sql, settings, false)).toBe(false);
      const test = { ...settings, mode: "test" as const };
      expect(await holdCardPayment(sql, test, true)).toBe(false);
      await writeSetting(sql, CARD_HOLD_SETTING, "true", { secret: false, appSecret: setup.appSecret });
      expect(await holdCardPayment(sql, test, false)).toBe(true);
      await writeSetting(sql, CARD_HOLD_SETTING, "false", { secret: false, appSecret: setup.appSecret });
    });

    it("hold with a saved card, then confirm (authorized → paid); hold, then release (authorized → pending)", async () => {
      const deviceId = newDeviceId();
      const { card } = await saveCard(deviceId, "2468");
      const held = await newOrder();
      const result = ok(await payWithSavedCard(ctx, { orderId: held.id, cardId: card.id, pin: "2468", hold: true }, { ip: "", deviceId }));
      expect(result).toMatchObject({ orderStatus: "authorized", receipt: { status: "held", hold: true } });
      expect(ok(await sandboxReceiptAction(ctx, { orderId: held.id, action: "confirm_hold" }))).toMatchObject({ orderStatus: "paid" });

      const released = await newOrder();
      const token = await verifiedToken(WORKING, false);
      const receipt = ok(await startCardPayment(ctx, { orderId: released.id, hold: true }));
      expect(receipt.receipt.hold).toBe(true);
      ok(await payWithNewCard(ctx, { orderId: released.id, receiptId: receipt.receipt.id, token }, { ip: "" }));
      expect(await orderStatus(released.number)).toBe("authorized");
      expect(ok(await sandboxReceiptAction(ctx, { orderId: released.id, action: "cancel_hold" }))).toMatchObject({
        orderStatus: "pending",
        receipt: { status: "cancelled" },
      });
    });

    it("refund of a paid card receipt (sandbox QA) → refunded; outside the sandbox the action is refused", async () => {
      const order = await newOrder();
      const token = await verifiedToken(WORKING, false);
      const receipt = ok(await startCardPayment(ctx, { orderId: order.id }));
      ok(await payWithNewCard(ctx, { orderId: order.id, receiptId: receipt.receipt.id, token }, { ip: "" }));
      expect(await sandboxReceiptAction(ctx, { orderId: order.id, action: "confirm_hold" })).toMatchObject({ ok: false, error: { code: "no_receipt" } });
      const testMode: CardPaymentsContext = { ...ctx, settings: async () => ({ ...(await ctx.settings()), mode: "test" }) };
      expect(await sandboxReceiptAction(testMode, { orderId: order.id, action: "refund" })).toMatchObject({ ok: false, error: { code: "sandbox_only" } });
      expect(await orderStatus(order.number)).toBe("paid");
      const refunded: ReceiptResult | unknown = await sandboxReceiptAction(ctx, { orderId: order.id, action: "refund" });
      expect(refunded).toMatchObject({ ok: true, orderStatus: "refunded" });
    });

    it("a payment link goes to the order's own phone, at most once a minute", async () => {
      const order = await newOrder();
      expect(ok(await sendPaymentLink(ctx, { orderId: order.id }))).toMatchObject({ phone: "+998 90 *** ** 67", receipt: { invoicePhone: PHONE } });
      expect(await sendPaymentLink(ctx, { orderId: order.id })).toMatchObject({ ok: false, error: { code: "invoice_too_soon" } });
      expect(await sendPaymentLink(ctx, { orderId: (await newOrder(null)).id })).toMatchObject({ ok: false, error: { code: "no_phone" } });
      // A receipt created for the card form does not count as a link.
      const other = await newOrder();
      ok(await createReceiptForOrder(ctx, other.id));
      ok(await sendPaymentLink(ctx, { orderId: other.id }));
    });

    it("a parallel burst of payment links stays within both limits (issue 10)", async () => {
      // 12 orders of one phone, each asked twice at once: 3 links in all, at most 1 per order.
      const burstPhone = "+998935550021";
      const orders = await Promise.all(Array.from({ length: 12 }, () => newOrder(burstPhone)));
      const results = await Promise.all(orders.flatMap((order) => [0, 1].map(() => sendPaymentLink(ctx, { orderId: order.id }))));
      expect(results.filter((result) => result.ok)).toHaveLength(3);
      const refused = results.filter((result) => !result.ok);
      expect(refused.every((result) => !result.ok && result.error.code === "invoice_too_soon")).toBe(true);
      const sent = await sql.get<{ n: number | bigint }>(`SELECT COUNT(*) AS "n" FROM "PaymeReceipt" WHERE "invoicePhone" = ?`, [burstPhone], { n: "number" });
      expect(Number(sent?.n)).toBe(3);
    });

    it("40 parallel card payment starts for one order make at most 5 receipts (issue 10)", async () => {
      const order = await newOrder();
      const results = await Promise.all(Array.from({ length: 40 }, () => startCardPayment(ctx, { orderId: order.id })));
      expect(results.filter((result) => result.ok)).toHaveLength(5);
      const limited = results.find((result) => !result.ok);
      expect(limited).toMatchObject({ ok: false, error: { code: "too_many_attempts", retryAfterSeconds: expect.any(Number) } });
      expect(limited && !limited.ok && limited.error.message.uz).toBeTruthy();
      const rows = await sql.get<{ n: number | bigint }>(`SELECT COUNT(*) AS "n" FROM "PaymeReceipt" WHERE "orderNumber" = ?`, [order.number], { n: "number" });
      expect(Number(rows?.n)).toBe(5);
    });

    it("at most three payment links an hour to one phone number, whatever the orders", async () => {
      // Orders anyone can place with a stranger's number must not turn into an SMS cannon.
      const stranger = "+998935550011";
      for (let sent = 0; sent < 3; sent++) ok(await sendPaymentLink(ctx, { orderId: (await newOrder(stranger)).id }));
      expect(await sendPaymentLink(ctx, { orderId: (await newOrder(stranger)).id })).toMatchObject({ ok: false, error: { code: "invoice_too_soon" } });
      // Another number is not affected.
      ok(await sendPaymentLink(ctx, { orderId: (await newOrder("+998935550012")).id }));
    });
  });
});

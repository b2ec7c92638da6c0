import { describe, expect, it } from "vitest";
import { robokassaHash } from "./hash";
import { buildRobokassaPayment, type RobokassaPaymentInput } from "./payment-link";
import { buildRobokassaReceipt } from "./receipt";

const payUrl = "https://auth.robokassa.ru/Merchant/Index.aspx";
const base: RobokassaPaymentInput = {
  payUrl,
  merchantLogin: "demo",
  outSum: 896n,
  invId: 12345n,
  description: "Заказ №197",
  password1: "password_1",
  hash: "md5",
};

function md5(text: string): string {
  const result = robokassaHash("md5", text);
  if (!result.ok) throw new Error(result.message);
  return result.hex;
}

function ok(input: RobokassaPaymentInput) {
  const result = buildRobokassaPayment(input);
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe("buildRobokassaPayment", () => {
  it("signs the protocol file's link example", () => {
    const { form, url } = ok(base);
    expect(form.fields.SignatureValue).toBe("a25875df772fb4bf82c74c9571fa4999");
    expect(form.fields).toMatchObject({ MerchantLogin: "demo", OutSum: "8.96", InvId: "12345", Description: "Заказ №197", Encoding: "utf-8" });
    expect(form.action).toBe(payUrl);
    expect(form.method).toBe("POST");
    expect(new URL(url).searchParams.get("SignatureValue")).toBe("a25875df772fb4bf82c74c9571fa4999");
  });

  it("signs the protocol file's Shp_ example and sends the Shp_ parameters sorted", () => {
    const { form } = ok({ ...base, shp: { Shp_oplata: "1", Shp_login: "Vasya" } });
    expect(form.fields.SignatureValue).toBe("324f4a6bc45fa3762b58c3c40e91f83d");
    expect(Object.keys(form.fields).slice(-2)).toEqual(["Shp_login", "Shp_oplata"]);
  });

  it("encodes the Receipt once in the signature and the form, twice in the GET link", () => {
    const receipt = buildRobokassaReceipt([{ name: "Чай & кофе", quantity: 1, amount: 100n }], 896n, {
      tax: "none",
      paymentMethod: "full_prepayment",
      paymentObject: "commodity",
    });
    if (!receipt.ok) throw new Error(receipt.reason);
    const once = encodeURIComponent(receipt.json);
    const { form, url } = ok({ ...base, receiptJson: receipt.json, shp: { Shp_order: "197" } });

    expect(form.fields.Receipt).toBe(once);
    expect(form.fields.SignatureValue).toBe(md5(`demo:8.96:12345:${once}:password_1:Shp_order=197`));
    // The link's query holds the once-encoded string encoded again…
    const query = url.slice(url.indexOf("?") + 1);
    const raw = query.split("&").find((pair) => pair.startsWith("Receipt="))!.slice("Receipt=".length);
    expect(raw).toBe(encodeURIComponent(once));
    // …so Robokassa's one query decoding gets back exactly the signed string, and a second the JSON.
    const received = new URL(url).searchParams.get("Receipt")!;
    expect(received).toBe(once);
    expect(JSON.parse(decodeURIComponent(received))).toEqual(JSON.parse(receipt.json));
    // A form post decodes to the same value.
    expect(new URLSearchParams(new URLSearchParams(form.fields).toString()).get("Receipt")).toBe(once);
  });

  it("adds the optional fields, and only they are outside the signature", () => {
    const { form } = ok({
      ...base,
      culture: "en",
      isTest: true,
      email: "a@example.com",
      expiresAt: new Date("2026-12-01T01:30:00Z"),
      description: "x".repeat(150),
    });
    expect(form.fields).toMatchObject({ Culture: "en", IsTest: "1", Email: "a@example.com", ExpirationDate: "2026-12-01T01:30:00.0000000+00:00" });
    expect(form.fields.Description).toBe("x".repeat(100));
    expect(form.fields.SignatureValue).toBe("a25875df772fb4bf82c74c9571fa4999");
  });

  it("signs with the configured algorithm", () => {
    const { form } = ok({ ...base, hash: "sha256" });
    expect(form.fields.SignatureValue).toBe("caf4211274f6e684574d1890303e78afb95a8b2bac574422e947c089364de202");
  });

  it("refuses input Robokassa would refuse", () => {
    expect(buildRobokassaPayment({ ...base, outSum: 0n })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(buildRobokassaPayment({ ...base, invId: 0n })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(buildRobokassaPayment({ ...base, invId: 2n ** 63n })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(buildRobokassaPayment({ ...base, password1: "" })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(buildRobokassaPayment({ ...base, shp: { order: "1" } })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(buildRobokassaPayment({ ...base, shp: { "Shp_a:b": "1" } })).toMatchObject({ ok: false, reason: "invalid_input" });
  });
});

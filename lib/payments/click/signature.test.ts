import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clickSignString, constantTimeEqual, isValidClickSignature, type ClickSignedFields } from "./signature";

// The protocol file's "Formula check".
const SECRET = "TESTSECRETKEY";
const prepare: ClickSignedFields = {
  click_trans_id: "2345678901",
  service_id: "12345",
  merchant_trans_id: "ORDER-1001",
  amount: "15000.00",
  action: "0",
  sign_time: "2024-05-20 12:34:56",
};
const complete: ClickSignedFields = { ...prepare, merchant_prepare_id: "77", action: "1" };

describe("clickSignString (protocol formula checks)", () => {
  it("Prepare (action 0)", () => {
    expect(clickSignString(prepare, SECRET)).toBe("626d4aa0529d734a4476d5848657a7c5");
  });

  it("Complete (merchant_prepare_id 77, action 1)", () => {
    expect(clickSignString(complete, SECRET)).toBe("b7da24d761a586f61c62f0f17a5aae0e");
  });

  it("Prepare with amount sent as 15000", () => {
    expect(clickSignString({ ...prepare, amount: "15000" }, SECRET)).toBe("963b502dbfb44a2e432b11a2ff029bf9");
  });

  it("is md5 over the fields concatenated in the documented order", () => {
    const text = "2345678901" + "12345" + SECRET + "ORDER-1001" + "77" + "15000.00" + "1" + "2024-05-20 12:34:56";
    expect(clickSignString(complete, SECRET)).toBe(createHash("md5").update(text).digest("hex"));
  });

  it("includes merchant_prepare_id in Complete (a public integration's claim otherwise is wrong)", () => {
    const withoutPrepareId = clickSignString({ ...complete, merchant_prepare_id: undefined }, SECRET);
    expect(withoutPrepareId).not.toBe("b7da24d761a586f61c62f0f17a5aae0e");
    expect(clickSignString({ ...complete, merchant_prepare_id: "78" }, SECRET)).not.toBe("b7da24d761a586f61c62f0f17a5aae0e");
  });

  it("hashes amounts 15000, 15000.0 and 15000.00 differently (never reformat before hashing)", () => {
    const hashes = ["15000", "15000.0", "15000.00"].map((amount) => clickSignString({ ...prepare, amount }, SECRET));
    expect(new Set(hashes).size).toBe(3);
  });

  it("hashes non-ASCII strings as UTF-8", () => {
    const text = "1" + "2" + "ключ" + "заказ" + "1.00" + "0" + "2024-05-20 12:34:56";
    const fields = { ...prepare, click_trans_id: "1", service_id: "2", merchant_trans_id: "заказ", amount: "1.00" };
    expect(clickSignString(fields, "ключ")).toBe(createHash("md5").update(Buffer.from(text, "utf8")).digest("hex"));
  });
});

describe("isValidClickSignature", () => {
  it("accepts the protocol's signatures, in either hex case", () => {
    expect(isValidClickSignature(prepare, "626d4aa0529d734a4476d5848657a7c5", SECRET)).toBe(true);
    expect(isValidClickSignature(prepare, "626D4AA0529D734A4476D5848657A7C5", SECRET)).toBe(true);
    expect(isValidClickSignature(complete, "b7da24d761a586f61c62f0f17a5aae0e", SECRET)).toBe(true);
    expect(isValidClickSignature({ ...prepare, amount: "15000" }, "963b502dbfb44a2e432b11a2ff029bf9", SECRET)).toBe(true);
  });

  it.each<[string, ClickSignedFields, string, string]>([
    ["another secret", prepare, "626d4aa0529d734a4476d5848657a7c5", "TESTSECRETKEY2"],
    ["the amount reformatted", { ...prepare, amount: "15000" }, "626d4aa0529d734a4476d5848657a7c5", SECRET],
    ["another action", { ...prepare, action: "1" }, "626d4aa0529d734a4476d5848657a7c5", SECRET],
    ["another order", { ...prepare, merchant_trans_id: "ORDER-1002" }, "626d4aa0529d734a4476d5848657a7c5", SECRET],
    ["another sign_time", { ...prepare, sign_time: "2024-05-20 12:34:57" }, "626d4aa0529d734a4476d5848657a7c5", SECRET],
    ["another service", { ...prepare, service_id: "12346" }, "626d4aa0529d734a4476d5848657a7c5", SECRET],
    ["a truncated signature", prepare, "626d4aa0529d734a4476d5848657a7c", SECRET],
    ["a longer signature", prepare, "626d4aa0529d734a4476d5848657a7c50", SECRET],
    ["an empty signature", prepare, "", SECRET],
    ["the Prepare signature on Complete", complete, "626d4aa0529d734a4476d5848657a7c5", SECRET],
    ["an empty secret", { ...prepare }, clickSignString(prepare, ""), ""],
  ])("refuses %s", (_name, fields, signature, secret) => {
    expect(isValidClickSignature(fields, signature, secret)).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it("is true only for byte-equal strings", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "ab")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("й", "и")).toBe(false);
  });
});

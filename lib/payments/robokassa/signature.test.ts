import { describe, expect, it } from "vitest";
import { robokassaHash, robokassaHashAlgorithms } from "./hash";
import {
  encodeReceipt,
  linkSignatureBase,
  opStateSignatureBase,
  resultSignatureBase,
  signRobokassa,
  sortedShpPairs,
  successSignatureBase,
  verifyRobokassaSignature,
} from "./signature";

const shp = { Shp_oplata: "1", Shp_login: "Vasya" };

function hexOf(text: string): string {
  const result = robokassaHash("md5", text);
  if (!result.ok) throw new Error(result.message);
  return result.hex;
}

describe("formula checks of the protocol file", () => {
  it("link, MD5", () => {
    const base = linkSignatureBase({ merchantLogin: "demo", outSum: "8.96", invId: "12345", password1: "password_1" });
    expect(base).toBe("demo:8.96:12345:password_1");
    expect(signRobokassa("md5", base)).toEqual({ ok: true, hex: "a25875df772fb4bf82c74c9571fa4999" });
  });

  it("link with Shp (given unsorted, signed sorted)", () => {
    const base = linkSignatureBase({ merchantLogin: "demo", outSum: "8.96", invId: "12345", password1: "password_1", shp });
    expect(base).toBe("demo:8.96:12345:password_1:Shp_login=Vasya:Shp_oplata=1");
    expect(signRobokassa("md5", base)).toEqual({ ok: true, hex: "324f4a6bc45fa3762b58c3c40e91f83d" });
  });

  it("ResultURL, MD5, verified against Robokassa's upper-case signature", () => {
    const base = resultSignatureBase({ outSum: "100.26", invId: "450009", password2: "password_2", shp });
    expect(base).toBe("100.26:450009:password_2:Shp_login=Vasya:Shp_oplata=1");
    expect(verifyRobokassaSignature("md5", base, "A8D97B566F6F44E4429649F5ED7D11E4")).toEqual({ ok: true });
  });

  it("ResultURL with six decimals hashes OutSum exactly as received", () => {
    const base = resultSignatureBase({ outSum: "100.260000", invId: "450009", password2: "password_2", shp });
    expect(verifyRobokassaSignature("md5", base, "C515724E8349AF0C429132BF59FB3B8D")).toEqual({ ok: true });
    // The two-decimal signature does not verify the six-decimal notification (no reformatting).
    expect(verifyRobokassaSignature("md5", base, "A8D97B566F6F44E4429649F5ED7D11E4")).toEqual({ ok: false, reason: "bad_signature" });
  });
});

describe("every hash algorithm signs and verifies with itself only", () => {
  const base = linkSignatureBase({ merchantLogin: "demo", outSum: "8.96", invId: "12345", password1: "password_1", shp });

  it.each(robokassaHashAlgorithms)("%s", (algorithm) => {
    const signed = signRobokassa(algorithm, base);
    expect(signed.ok).toBe(true);
    if (!signed.ok) return;
    expect(verifyRobokassaSignature(algorithm, base, signed.hex)).toEqual({ ok: true });
    expect(verifyRobokassaSignature(algorithm, base, signed.hex.toUpperCase())).toEqual({ ok: true });
    for (const other of robokassaHashAlgorithms.filter((candidate) => candidate !== algorithm)) {
      expect(verifyRobokassaSignature(other, base, signed.hex)).toEqual({ ok: false, reason: "bad_signature" });
    }
  });
});

describe("verifyRobokassaSignature", () => {
  const base = resultSignatureBase({ outSum: "100.26", invId: "450009", password2: "password_2", shp });

  it.each([
    ["empty", ""],
    ["one digit changed", "A8D97B566F6F44E4429649F5ED7D11E5"],
    ["truncated", "A8D97B566F6F44E4429649F5ED7D11E"],
    ["extended", "A8D97B566F6F44E4429649F5ED7D11E40"],
    ["not hex", "A8D97B566F6F44E4429649F5ED7D11EZ"],
    ["signed with password 1", hexOf("100.26:450009:password_1:Shp_login=Vasya:Shp_oplata=1")],
  ])("refuses %s", (_label, received) => {
    expect(verifyRobokassaSignature("md5", base, received)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature made without the Shp_ parameters, or with them unsorted", () => {
    const withoutShp = signRobokassa("md5", "100.26:450009:password_2");
    const unsorted = signRobokassa("md5", "100.26:450009:password_2:Shp_oplata=1:Shp_login=Vasya");
    expect(withoutShp.ok && verifyRobokassaSignature("md5", base, withoutShp.hex)).toEqual({ ok: false, reason: "bad_signature" });
    expect(unsorted.ok && verifyRobokassaSignature("md5", base, unsorted.hex)).toEqual({ ok: false, reason: "bad_signature" });
  });
});

describe("Shp_ ordering", () => {
  it("sorts by name in code-unit order and ignores other parameters", () => {
    expect(sortedShpPairs({ Shp_b: "2", Shp_a: "1", Shp_B: "3", Shp_a1: "4", OutSum: "1.00", shp_z: "5" })).toEqual([
      "Shp_B=3",
      "Shp_a=1",
      "Shp_a1=4",
      "Shp_b=2",
      "shp_z=5",
    ]);
  });

  it("keeps values verbatim (colons and equals signs included)", () => {
    expect(sortedShpPairs({ Shp_note: "a:b=c" })).toEqual(["Shp_note=a:b=c"]);
  });
});

describe("link signature with Receipt and currency", () => {
  const receipt = encodeReceipt('{"items":[{"name":"Чай","quantity":1,"sum":8.96,"tax":"none"}]}');

  it("signs the Receipt URL-encoded once, after InvId and before Password1", () => {
    expect(receipt).toBe("%7B%22items%22%3A%5B%7B%22name%22%3A%22%D0%A7%D0%B0%D0%B9%22%2C%22quantity%22%3A1%2C%22sum%22%3A8.96%2C%22tax%22%3A%22none%22%7D%5D%7D");
    expect(linkSignatureBase({ merchantLogin: "demo", outSum: "8.96", invId: "12345", receipt, password1: "p1", shp })).toBe(
      `demo:8.96:12345:${receipt}:p1:Shp_login=Vasya:Shp_oplata=1`,
    );
  });

  it("puts OutSumCurrency and UserIp right after InvId", () => {
    expect(
      linkSignatureBase({ merchantLogin: "demo", outSum: "8.96", invId: "12345", outSumCurrency: "USD", userIp: "127.0.0.1", receipt, password1: "p1" }),
    ).toBe(`demo:8.96:12345:USD:127.0.0.1:${receipt}:p1`);
  });
});

describe("other signature strings", () => {
  it("SuccessURL uses Password1", () => {
    expect(successSignatureBase({ outSum: "8.96", invId: "12345", password1: "password_1", shp })).toBe(
      "8.96:12345:password_1:Shp_login=Vasya:Shp_oplata=1",
    );
  });

  it("OpStateExt uses Password2", () => {
    expect(opStateSignatureBase({ merchantLogin: "demo", invoiceId: "12345", password2: "password_2" })).toBe("demo:12345:password_2");
  });
});

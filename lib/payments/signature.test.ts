import { describe, expect, it } from "vitest";
import { hashAlgorithms, hashAvailable, hashHex, safeEqual, safeEqualHex } from "./signature";

// Digests of "abc" from the algorithms' published test vectors (RFC 1321, FIPS 180-4, RIPEMD-160 paper).
const abc = {
  md5: "900150983cd24fb0d6963f7d28e17f72",
  sha1: "a9993e364706816aba3e25717850c26c9cd0d89d",
  sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  sha384: "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
  sha512:
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  ripemd160: "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
} as const;

describe("hashHex", () => {
  it.each(hashAlgorithms)("computes %s on this Node", (algorithm) => {
    expect(hashAvailable(algorithm)).toBe(true);
    expect(hashHex(algorithm, "abc")).toBe(abc[algorithm]);
  });

  it("hashes strings as UTF-8", () => {
    expect(hashHex("md5", "Оплата")).toBe(hashHex("md5", Buffer.from("Оплата", "utf8")));
  });
});

describe("safeEqual", () => {
  it("is true only for identical strings", () => {
    expect(safeEqual("Paycom:key", "Paycom:key")).toBe(true);
    expect(safeEqual("Paycom:key", "Paycom:ke")).toBe(false);
    expect(safeEqual("Paycom:ke", "Paycom:key")).toBe(false);
    expect(safeEqual("", "x")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("a\u0000", "a")).toBe(false);
  });

  it("compares hex signatures case-insensitively", () => {
    expect(safeEqualHex(abc.md5.toUpperCase(), abc.md5)).toBe(true);
    expect(safeEqualHex(abc.md5, abc.sha1)).toBe(false);
  });
});

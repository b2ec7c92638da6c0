import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isRobokassaHashAvailable, robokassaHash, robokassaHashAlgorithms } from "./hash";

// Digests of "demo:8.96:12345:password_1", computed independently with coreutils / openssl dgst.
const expected: Record<(typeof robokassaHashAlgorithms)[number], string> = {
  md5: "a25875df772fb4bf82c74c9571fa4999",
  ripemd160: "3de6c961a52006c7d6efb077ec204c6ed2c07e56",
  sha1: "f280ce4ef0d79f581319cc773e9c2471b5fd968f",
  sha256: "caf4211274f6e684574d1890303e78afb95a8b2bac574422e947c089364de202",
  sha384: "0d0b282b610d136cc90009f35988b6593b3202b3e041bb940547b2d01b2de3153256bb4eafece92f3356872e6a376c17",
  sha512: "5db4923271f4c00c94ad3e4e71d19fa8eb638aa9b82c135dba8ed01fec2dbbc3c36619e124c1deaca64e1268bcf8e57b20132a1a65afed0c12e15654f23b9779",
};

describe("robokassaHash", () => {
  it.each(robokassaHashAlgorithms)("%s gives the algorithm's own digest, never another's", (algorithm) => {
    const result = robokassaHash(algorithm, "demo:8.96:12345:password_1");
    expect(result).toEqual({ ok: true, hex: expected[algorithm] });
  });

  it("gives digests of the lengths each algorithm has", () => {
    const lengths = robokassaHashAlgorithms.map((algorithm) => {
      const result = robokassaHash(algorithm, "x");
      return result.ok ? result.hex.length : 0;
    });
    expect(lengths).toEqual([32, 40, 40, 64, 96, 128]);
  });

  it("hashes UTF-8 text", () => {
    expect(robokassaHash("md5", "Оплата")).toEqual({ ok: true, hex: createHash("md5").update(Buffer.from("Оплата", "utf8")).digest("hex") });
  });

  it("reports an algorithm the OpenSSL build lacks instead of falling back", () => {
    const missing = ((algorithm: string) => {
      if (algorithm === "ripemd160") throw new Error("error:0308010C:digital envelope routines::unsupported");
      return createHash(algorithm);
    }) as typeof createHash;
    const result = robokassaHash("ripemd160", "demo", missing);
    expect(result).toMatchObject({ ok: false, reason: "hash_unavailable", algorithm: "ripemd160" });
    expect(isRobokassaHashAvailable("ripemd160", missing)).toBe(false);
    expect(isRobokassaHashAvailable("md5", missing)).toBe(true);
  });

  it("has every algorithm on this Node.js build (RIPEMD160 included)", () => {
    expect(robokassaHashAlgorithms.filter((algorithm) => !isRobokassaHashAvailable(algorithm))).toEqual([]);
  });
});

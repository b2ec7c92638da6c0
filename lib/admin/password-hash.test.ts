import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password-hash";

const cheap = { log2N: 10, r: 8, p: 1 };

describe("admin password hash", () => {
  it("verifies the password it was made from and nothing else", async () => {
    const stored = await hashPassword("correct horse battery", cheap);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same", cheap)).not.toBe(await hashPassword("same", cheap));
  });

  it("never verifies against a malformed or absurd hash", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "plain-text-password")).toBe(false);
    expect(await verifyPassword("x", "scrypt$30$8$1$c2FsdA$aGFzaA")).toBe(false);
  });

  it("asks for a re-hash when the cost is below today's", async () => {
    expect(needsRehash(await hashPassword("x", cheap))).toBe(true);
    expect(needsRehash("garbage")).toBe(true);
  });
});

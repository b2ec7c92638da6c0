import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, safeEqual, SecretDecryptionError } from "./secret-box";

const APP_SECRET = "an-app-secret-of-at-least-32-characters!";

describe("secret box (AES-256-GCM with APP_SECRET)", () => {
  it("round-trips, never stores the plain text, and differs on every sealing", () => {
    const sealed = encryptSecret("cashbox-key-1234", APP_SECRET);
    expect(sealed).not.toContain("cashbox-key-1234");
    expect(sealed).not.toBe(encryptSecret("cashbox-key-1234", APP_SECRET));
    expect(decryptSecret(sealed, APP_SECRET)).toBe("cashbox-key-1234");
  });

  it("refuses another APP_SECRET, a changed body and a truncated tag", () => {
    const sealed = encryptSecret("cashbox-key-1234", APP_SECRET);
    expect(() => decryptSecret(sealed, `${APP_SECRET}x`)).toThrow(SecretDecryptionError);
    const [prefix, iv, tag, body] = sealed.split(".") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([prefix, iv, tag, flipped.toString("base64url")].join("."), APP_SECRET)).toThrow(SecretDecryptionError);
    const shortTag = Buffer.from(tag, "base64url").subarray(0, 4).toString("base64url");
    expect(() => decryptSecret([prefix, iv, shortTag, body].join("."), APP_SECRET)).toThrow(SecretDecryptionError);
  });

  it("compares equal strings only, whatever their lengths", () => {
    expect(safeEqual("Paycom:key", "Paycom:key")).toBe(true);
    expect(safeEqual("Paycom:key", "Paycom:ke")).toBe(false);
    expect(safeEqual("", "x")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });

  it("masks all but the last four characters", () => {
    expect(maskSecret("abcdef1234")).toBe("••••1234");
    expect(maskSecret(undefined)).toBe("");
  });
});

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { z } from "zod";

/** The PIN a shopper sets for a saved card: exactly four digits. */
export const pinSchema = z.string().regex(/^\d{4}$/, "expected a 4-digit PIN");

/**
 * scrypt's interactive-login cost (about 50 ms and 16 MiB per hash on our machines): a stolen
 * hash of a 4-digit PIN is still cheap to brute-force offline, which is why the token itself is
 * sealed with APP_SECRET and only three tries are allowed online. Kept in the stored string, so
 * the cost can be raised later without breaking old cards.
 */
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(pin: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt>$<hash>` (base64url), with a new random salt for each card. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(pin, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

const stored = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{43})$/;

/** Whether `pin` matches the stored hash, compared in constant time. A malformed hash never matches. */
export async function verifyPin(pin: string, storedHash: string): Promise<boolean> {
  const match = stored.exec(storedHash);
  const parsed = match && { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const usable = parsed !== null && parsed.N >= 1024 && parsed.N <= 1_048_576 && (parsed.N & (parsed.N - 1)) === 0 && parsed.r > 0 && parsed.p > 0;
  // Spend the same work on a malformed hash as on a real one.
  const cost = usable ? parsed : COST;
  const salt = usable ? Buffer.from(match![4]!, "base64url") : randomBytes(SALT_BYTES);
  const expected = usable ? Buffer.from(match![5]!, "base64url") : randomBytes(KEY_LENGTH);
  const actual = await derive(pinSchema.safeParse(pin).success ? pin : "", salt, cost);
  return timingSafeEqual(actual, expected) && usable;
}

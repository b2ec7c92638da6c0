import { createHash, getHashes, timingSafeEqual } from "node:crypto";

/**
 * What providers sign with (Robokassa's `ROBOKASSA_HASH`, Click's md5): the names as the
 * providers and our settings spell them.
 */
export const hashAlgorithms = ["md5", "sha1", "sha256", "sha384", "sha512", "ripemd160"] as const;
export type HashAlgorithm = (typeof hashAlgorithms)[number];

/**
 * OpenSSL 3 builds differ in how they name RIPEMD-160 (`ripemd160`, `rmd160`) and some ship it
 * only in the legacy provider; the first name this Node knows is used.
 */
const opensslNames: Readonly<Record<HashAlgorithm, readonly string[]>> = {
  md5: ["md5"],
  sha1: ["sha1"],
  sha256: ["sha256"],
  sha384: ["sha384"],
  sha512: ["sha512"],
  ripemd160: ["ripemd160", "rmd160", "RIPEMD160"],
};

const resolved = new Map<HashAlgorithm, string | null>();

function opensslName(algorithm: HashAlgorithm): string | null {
  if (!resolved.has(algorithm)) {
    const known = new Set(getHashes().map((name) => name.toLowerCase()));
    resolved.set(algorithm, opensslNames[algorithm].find((name) => known.has(name.toLowerCase())) ?? null);
  }
  return resolved.get(algorithm)!;
}

/** Whether this Node can compute `algorithm` (RIPEMD-160 may be missing from an OpenSSL 3 build). */
export function hashAvailable(algorithm: HashAlgorithm): boolean {
  return opensslName(algorithm) !== null;
}

/**
 * Lower-case hex digest of `data` (strings as UTF-8). Throws only when this Node's OpenSSL lacks
 * the algorithm — a deployment fault, checked once by `hashAvailable`, not a business outcome.
 */
export function hashHex(algorithm: HashAlgorithm, data: string | Uint8Array): string {
  const name = opensslName(algorithm);
  if (!name) throw new Error(`This Node's OpenSSL has no ${algorithm}: choose another signature algorithm in the provider's settings.`);
  return createHash(name).update(data).digest("hex");
}

/**
 * Constant-time comparison of two strings of any length: the lengths are not leaked by an early
 * exit (both sides are padded to the longer one before `timingSafeEqual`).
 */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  const size = Math.max(left.length, right.length, 1);
  const paddedLeft = Buffer.alloc(size);
  const paddedRight = Buffer.alloc(size);
  left.copy(paddedLeft);
  right.copy(paddedRight);
  return timingSafeEqual(paddedLeft, paddedRight) && left.length === right.length;
}

/** A hex signature as providers send it (either case) against the expected one, in constant time. */
export function safeEqualHex(received: string, expected: string): boolean {
  return safeEqual(received.toLowerCase(), expected.toLowerCase());
}

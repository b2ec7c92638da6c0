import { createHash } from "node:crypto";
import type { z } from "zod";
import type { robokassaHashSchema } from "../../env";

/**
 * The hash algorithms a Robokassa shop can choose in its technical settings. Names as our
 * settings store them (`ROBOKASSA_HASH`); Robokassa's cabinet spells them in upper case.
 */
export const robokassaHashAlgorithms = ["md5", "ripemd160", "sha1", "sha256", "sha384", "sha512"] as const;
export type RobokassaHashAlgorithm = (typeof robokassaHashAlgorithms)[number];

// The settings' enum and ours must list the same algorithms (compile-time check, both ways).
type SettingsHash = z.infer<typeof robokassaHashSchema>;
const sameAlgorithms: [SettingsHash, RobokassaHashAlgorithm] extends [RobokassaHashAlgorithm, SettingsHash] ? true : never = true;
void sameAlgorithms;

export type HashResult = { ok: true; hex: string } | { ok: false; reason: "hash_unavailable"; algorithm: RobokassaHashAlgorithm; message: string };

type CreateHash = typeof createHash;

/**
 * Lower-case hex digest of `text` (UTF-8) with `algorithm`. Never falls back to another
 * algorithm (Robokassa's PHP SDK silently used MD5 for SHA1/RIPEMD160/SHA384): when this
 * Node/OpenSSL build lacks the algorithm — RIPEMD160 lives in OpenSSL 3's legacy provider on
 * some builds — the result says so and the caller refuses to sign or verify.
 * `create` is injectable so the unavailable path can be tested.
 */
export function robokassaHash(algorithm: RobokassaHashAlgorithm, text: string, create: CreateHash = createHash): HashResult {
  let hasher: ReturnType<CreateHash>;
  try {
    hasher = create(algorithm);
  } catch (error) {
    return {
      ok: false,
      reason: "hash_unavailable",
      algorithm,
      message:
        `This Node.js/OpenSSL build cannot compute ${algorithm.toUpperCase()} (${error instanceof Error ? error.message : String(error)}). ` +
        "Choose another algorithm in Robokassa's technical settings and in ours.",
    };
  }
  return { ok: true, hex: hasher.update(text, "utf8").digest("hex") };
}

/** Whether this process can sign with `algorithm` (for the settings page and start-up checks). */
export function isRobokassaHashAvailable(algorithm: RobokassaHashAlgorithm, create: CreateHash = createHash): boolean {
  return robokassaHash(algorithm, "", create).ok;
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets at rest: AES-256-GCM with a key derived from APP_SECRET (HKDF-SHA256).
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
const PREFIX = "v1";

function deriveKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "tolov-settings", "aes-256-gcm key", 32));
}

const keys = new Map<string, Buffer>();
function keyFor(appSecret: string): Buffer {
  let key = keys.get(appSecret);
  if (!key) {
    key = deriveKey(appSecret);
    keys.set(appSecret, key);
  }
  return key;
}

export class SecretDecryptionError extends Error {
  readonly code = "SECRET_DECRYPTION_FAILED";
  constructor() {
    super("A stored secret could not be decrypted: was APP_SECRET changed? Enter the key again in the admin.");
    this.name = "SecretDecryptionError";
  }
}

export function encryptSecret(plain: string, appSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(appSecret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [PREFIX, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, appSecret: string): string {
  const [prefix, iv, tag, body] = sealed.split(".");
  if (prefix !== PREFIX || !iv || !tag || body === undefined) throw new SecretDecryptionError();
  try {
    const authTag = Buffer.from(tag, "base64url");
    if (authTag.length !== 16) throw new SecretDecryptionError();
    const decipher = createDecipheriv("aes-256-gcm", keyFor(appSecret), Buffer.from(iv, "base64url"), { authTagLength: 16 });
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError();
  }
}

/** Kept here for existing importers; the comparison lives in ./signature.ts. */
export { safeEqual } from "./signature";

/** `••••1234`: the last 4 characters, for showing a stored secret. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return "";
  return `••••${secret.slice(-4)}`;
}

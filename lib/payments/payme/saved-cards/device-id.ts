import { createHash, randomBytes } from "node:crypto";

/**
 * The shopper's browser, for saved cards: an HttpOnly, SameSite=Lax cookie holding 32 random
 * bytes. The database keeps only its SHA-256, so a copy of the database cannot pose as a
 * shopper's browser. No signature is needed: an id nobody can guess is the whole secret.
 */
export const DEVICE_COOKIE = "tolov_device";
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

const deviceIdPattern = /^[A-Za-z0-9_-]{43}$/;

export function newDeviceId(): string {
  return randomBytes(32).toString("base64url");
}

/** The cookie's value if it has the shape we issue, else null. */
export function parseDeviceId(value: string | undefined | null): string | null {
  return value && deviceIdPattern.test(value) ? value : null;
}

export function deviceHash(deviceId: string): string {
  return createHash("sha256").update(`tolov device ${deviceId}`).digest("hex");
}

/** Cookie attributes for `cookies().set` (Secure when the store is served over HTTPS). */
export function deviceCookie(deviceId: string, publicUrl: string) {
  return {
    name: DEVICE_COOKIE,
    value: deviceId,
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: publicUrl.startsWith("https:"),
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  };
}

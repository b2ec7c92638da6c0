import { z } from "zod";
import { decryptSecret, encryptSecret } from "../../secret-box";

/**
 * What a saved card keeps sealed (AES-256-GCM with APP_SECRET): Payme's token and the expiry
 * Payme showed for it. The row's id is sealed in too, so a box copied onto another row (a
 * database write by someone without APP_SECRET) does not open there.
 */
const sealedCard = z.object({ v: z.literal(1), id: z.string().min(1), token: z.string().min(1), expire: z.string() });
export type SealedCard = { token: string; expire: string };

export function sealCard(id: string, card: SealedCard, appSecret: string): string {
  return encryptSecret(JSON.stringify({ v: 1, id, token: card.token, expire: card.expire }), appSecret);
}

/** The token and expiry, or undefined when the box does not open (APP_SECRET changed, tampered, other row). */
export function openCard(id: string, sealed: string, appSecret: string): SealedCard | undefined {
  let plain: string;
  try {
    plain = decryptSecret(sealed, appSecret);
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(plain);
  } catch {
    return undefined;
  }
  const parsed = sealedCard.safeParse(json);
  if (!parsed.success || parsed.data.id !== id) return undefined;
  return { token: parsed.data.token, expire: parsed.data.expire };
}

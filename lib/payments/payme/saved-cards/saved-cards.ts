import { z } from "zod";
import { failure, type ReceiptFailure } from "../receipts/outcome";
import { findOrderContact, logLine, type CardPaymentsContext } from "./context";
import { deviceHash } from "./device-id";
import { cardFailure, type CardFailure } from "./outcome";
import type { SavedCardView } from "./save-card";
import { deleteSavedCard, findSavedCard, savedCardsOf } from "./saved-card-rows";
import { openCard } from "./sealed-card";
import { removeTokenAtPayme } from "./save-card";

/**
 * The cards saved on this browser for the order's phone. A card whose box no longer opens
 * (APP_SECRET changed) is not offered: it could not pay.
 */
export async function savedCardsForOrder(ctx: CardPaymentsContext, input: { orderId: string; deviceId: string | undefined }): Promise<SavedCardView[]> {
  if (!input.deviceId) return [];
  const order = await findOrderContact(ctx.sql, input.orderId);
  if (!order?.phone) return [];
  const rows = await savedCardsOf(ctx.sql, deviceHash(input.deviceId), order.phone);
  return rows.flatMap((row) => {
    const sealed = openCard(row.id, row.sealed, ctx.appSecret);
    return sealed ? [{ id: row.id, number: row.maskedNumber, expire: sealed.expire }] : [];
  });
}

export const removeSavedCardInput = z.object({ orderId: z.string().min(1).max(64), cardId: z.string().min(1).max(64) });

/** The shopper removes one of their saved cards: the row here and the token at Payme. */
export async function removeSavedCard(
  ctx: CardPaymentsContext,
  input: z.input<typeof removeSavedCardInput>,
  deviceId: string | undefined,
): Promise<{ ok: true; removed: SavedCardView } | CardFailure | ReceiptFailure> {
  const parsed = removeSavedCardInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input");
  const order = await findOrderContact(ctx.sql, parsed.data.orderId);
  if (!order) return failure("order_not_found");
  if (!deviceId || !order.phone) return cardFailure("card_not_found");
  const row = await findSavedCard(ctx.sql, parsed.data.cardId, deviceHash(deviceId), order.phone);
  if (!row) return cardFailure("card_not_found");
  const sealed = openCard(row.id, row.sealed, ctx.appSecret);
  await deleteSavedCard(ctx.sql, row.id);
  if (sealed) await removeTokenAtPayme(ctx, sealed.token, "removed by the shopper");
  logLine(ctx, `saved card ${row.id} removed by the shopper`);
  return { ok: true, removed: { id: row.id, number: row.maskedNumber, expire: sealed?.expire ?? "" } };
}

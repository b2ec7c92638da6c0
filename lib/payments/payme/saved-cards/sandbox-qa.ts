import { z } from "zod";
import { cancelReceipt, confirmHold } from "../receipts/manage-receipt";
import { failure, type ReceiptResult } from "../receipts/outcome";
import { listOrderReceipts, pollReceipt } from "../receipts/poll-receipts";
import type { CardPaymentsContext } from "./context";
import { cardFailure, type CardFailure } from "./outcome";

/**
 * QA buttons on the order page, in the sandbox only: confirm or release a hold, refund a card
 * payment. Outside the sandbox these are the merchant's (lib/admin/payme-actions.ts calls the
 * receipts domain after its own sign-in and audit); a shopper never settles or refunds a payment.
 */
export const sandboxReceiptActionInput = z.object({
  orderId: z.string().min(1).max(64),
  action: z.enum(["confirm_hold", "cancel_hold", "refund"]),
});

/** How long the action waits for a cancel to settle (21 → 50) so the page shows the end state. */
const SETTLE_TIMEOUT_MS = 8_000;

export async function sandboxReceiptAction(
  ctx: CardPaymentsContext,
  input: z.input<typeof sandboxReceiptActionInput>,
): Promise<ReceiptResult | CardFailure> {
  const parsed = sandboxReceiptActionInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input");
  if ((await ctx.settings()).mode !== "sandbox") return cardFailure("sandbox_only");
  const { orderId, action } = parsed.data;
  const receipts = await listOrderReceipts(ctx, orderId);
  if (!receipts) return failure("order_not_found");
  const wanted = action === "refund" ? "paid" : "held";
  const receipt = receipts.find((candidate) => candidate.status === wanted);
  if (!receipt) return cardFailure("no_receipt");
  const ref = { orderId, receiptId: receipt.id };
  const result = action === "confirm_hold" ? await confirmHold(ctx, ref) : await cancelReceipt(ctx, ref);
  if (!result.ok || result.receipt.final) return result;
  return pollReceipt(ctx, { ...ref, timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 500 });
}

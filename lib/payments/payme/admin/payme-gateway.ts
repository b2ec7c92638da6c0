/**
 * What the admin needs from the Payme Subscribe client and the receipts domain
 * (lib/payments/payme/subscribe, lib/payments/payme/receipts). The admin's actions code against
 * this interface only; payme-gateway-connect.ts provides the implementation (tests a fake).
 */
import type { LocalizedText } from "../../../i18n/localized-text";

/** A Subscribe receipt as the admin sees it (amount in tiyin; times ms since the epoch, 0 when unset). */
export type PaymeReceiptSnapshot = {
  id: string;
  /** Payme's receipt state: 0 created … 4 paid, 5 held, 21 queued for cancel, 50 cancelled. */
  state: number;
  amount: bigint;
  /** The order number from the receipt's account, when it names one of ours. */
  orderNumber: number | null;
  createTime: number;
  payTime: number;
  cancelTime: number;
};

/** A call that failed: Payme's code when Payme answered, and a sentence for the merchant in each language. */
export type GatewayFailure = { ok: false; code: number | null; message: LocalizedText };
export type GatewayResult<T> = ({ ok: true } & T) | GatewayFailure;

/** Which receipt of which order (the receipts domain checks that one belongs to the other). */
export type ReceiptRef = { orderId: string; receiptId: string };

export interface PaymeAdminGateway {
  /** The Subscribe receipt we created for this Payme payment reference (receipt `_id` = transaction id), if any. */
  receiptOf(reference: string): Promise<PaymeReceiptSnapshot | null>;
  /**
   * receipts.cancel: refunds a paid receipt or releases a held one; the receipts domain records
   * the refund in the ledger under the receipt's id and releases the hold reservation.
   */
  cancelReceipt(ref: ReceiptRef): Promise<GatewayResult<{ receipt: PaymeReceiptSnapshot }>>;
  /** receipts.confirm_hold: charges a held receipt (5 → 4); the receipts domain records the payment. */
  confirmHold(ref: ReceiptRef): Promise<GatewayResult<{ receipt: PaymeReceiptSnapshot }>>;
  /** A receipt for the outstanding amount, sent by Payme as an SMS invoice (receipts.create + receipts.send). */
  sendInvoice(orderId: string, phone: string): Promise<GatewayResult<{ receipt: PaymeReceiptSnapshot }>>;
  /** receipts.get_all with the stored key: `count` ≤ 50, times in ms. */
  listReceipts(query: { from: number; to: number; count: number; offset: number }): Promise<GatewayResult<{ receipts: PaymeReceiptSnapshot[] }>>;
}

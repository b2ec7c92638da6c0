import "server-only";
import { cancelReceipt, confirmHold, sendInvoice, type ReceiptResult, type ReceiptView } from "../receipts";
import { cashboxFor } from "../receipts/context";
import { findReceiptRow, type ReceiptRow } from "../receipts/receipt-rows";
import { receiptsContext } from "../receipts/service";
import { SubscribeError } from "../subscribe/errors";
import type { Receipt } from "../subscribe/schemas";
import type { GatewayFailure, GatewayResult, PaymeAdminGateway, PaymeReceiptSnapshot } from "./payme-gateway";

const notConfigured: GatewayFailure = {
  ok: false,
  code: null,
  message: {
    ru: "У Payme не заданы ID кассы или ключ текущего режима.",
    uz: "Payme uchun kassa ID yoki joriy rejim kaliti berilmagan.",
    en: "Payme's cashbox id or the key of its current mode is not set.",
  },
};

function fromRow(row: ReceiptRow): PaymeReceiptSnapshot {
  return { id: row.paymeId, state: row.state, amount: row.amount, orderNumber: row.orderNumber, createTime: row.createTime, payTime: row.payTime, cancelTime: row.cancelTime };
}

function fromView(view: ReceiptView): PaymeReceiptSnapshot {
  return { id: view.id, state: view.state, amount: BigInt(view.amount), orderNumber: view.orderNumber, createTime: view.createTime, payTime: view.payTime, cancelTime: view.cancelTime };
}

function fromResult(result: ReceiptResult): GatewayResult<{ receipt: PaymeReceiptSnapshot }> {
  if (result.ok) return { ok: true, receipt: fromView(result.receipt) };
  return { ok: false, code: result.error.subscribeCode ?? null, message: result.error.message };
}

/** A receipt from receipts.get_all; its order from the account field the cashbox uses. */
function fromPayme(receipt: Receipt, accountField: string): PaymeReceiptSnapshot {
  const value = receipt.account.find((entry) => entry.name === accountField)?.value;
  const number = typeof value === "number" ? value : typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : null;
  return {
    id: receipt._id,
    state: receipt.state,
    amount: BigInt(receipt.amount),
    orderNumber: number,
    createTime: receipt.create_time,
    payTime: receipt.pay_time,
    cancelTime: receipt.cancel_time,
  };
}

/** The admin's Payme gateway: the receipts domain of this process. */
export function paymeAdminGateway(): PaymeAdminGateway | null {
  const ctx = receiptsContext();
  return {
    async receiptOf(reference) {
      const row = await findReceiptRow(ctx.sql, reference);
      return row ? fromRow(row) : null;
    },
    cancelReceipt: async (ref) => fromResult(await cancelReceipt(ref)),
    confirmHold: async (ref) => fromResult(await confirmHold(ref)),
    sendInvoice: async (orderId, phone) => fromResult(await sendInvoice({ orderId, phone })),
    async listReceipts(query) {
      const cashbox = await cashboxFor(ctx);
      if (!cashbox) return notConfigured;
      try {
        const receipts = await cashbox.client.receiptsGetAll(query);
        return { ok: true, receipts: receipts.map((receipt) => fromPayme(receipt, cashbox.settings.accountField)) };
      } catch (error) {
        if (!(error instanceof SubscribeError)) throw error;
        return { ok: false, code: error.code, message: error.localized };
      }
    },
  };
}

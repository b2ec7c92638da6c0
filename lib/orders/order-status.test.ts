import { describe, expect, it } from "vitest";
import {
  deriveOrderStatus,
  isPayable,
  isReservationActive,
  notPayableReason,
  orderStatuses,
  outstandingAmount,
  overpaidAmount,
  type OrderStateInput,
  type OrderStatus,
} from "./order-status";

const NOW = 1_795_000_000_000;
const AMOUNT = 10_000_00n;

function order(overrides: Partial<OrderStateInput> = {}): OrderStateInput {
  return { amount: AMOUNT, paidAmount: 0n, refundedAmount: 0n, cancelledAt: null, reservation: null, ...overrides };
}

const pendingReservation = { held: false, expiresAt: BigInt(NOW + 60_000) };
const lapsedReservation = { held: false, expiresAt: BigInt(NOW - 1) };
const heldReservation = { held: true, expiresAt: BigInt(NOW - 1) };
const openReservation = { held: false, expiresAt: null };

describe("deriveOrderStatus: each status", () => {
  const cases: [string, Partial<OrderStateInput>, OrderStatus][] = [
    ["a new order", {}, "pending"],
    ["a part paid", { paidAmount: 4_000_00n }, "partially_paid"],
    ["all paid", { paidAmount: AMOUNT }, "paid"],
    ["overpaid", { paidAmount: AMOUNT + 1n }, "paid"],
    ["a reservation that has not lapsed", { reservation: pendingReservation }, "processing"],
    ["a reservation without a time limit", { reservation: openReservation }, "processing"],
    ["a held receipt (hold)", { reservation: heldReservation }, "authorized"],
    ["a lapsed reservation", { reservation: lapsedReservation }, "pending"],
    ["a lapsed reservation after a part was paid", { paidAmount: 1n, reservation: lapsedReservation }, "partially_paid"],
    ["part of the payment refunded", { paidAmount: AMOUNT, refundedAmount: 1_00n }, "partially_refunded"],
    ["everything refunded", { paidAmount: AMOUNT, refundedAmount: AMOUNT }, "refunded"],
    ["a partial payment refunded in full", { paidAmount: 3_00n, refundedAmount: 3_00n }, "refunded"],
    ["paid twice, the excess refunded", { paidAmount: AMOUNT * 2n, refundedAmount: AMOUNT }, "paid"],
    ["paid twice, more than the excess refunded", { paidAmount: AMOUNT * 2n, refundedAmount: AMOUNT + 1n }, "partially_refunded"],
    ["more refunded than paid", { paidAmount: AMOUNT, refundedAmount: AMOUNT + 1n }, "refunded"],
    ["cancelled", { cancelledAt: new Date(NOW) }, "cancelled"],
  ];
  it.each(cases)("%s → %s", (_name, overrides, status) => {
    expect(deriveOrderStatus(order(overrides), NOW)).toBe(status);
  });

  it("covers every status of the model", () => {
    expect(new Set(cases.map(([, , status]) => status))).toEqual(new Set(orderStatuses));
  });
});

describe("deriveOrderStatus: first match wins", () => {
  it("cancelled before everything", () => {
    const cancelledAt = new Date(NOW);
    expect(deriveOrderStatus(order({ cancelledAt, paidAmount: AMOUNT, refundedAmount: AMOUNT }), NOW)).toBe("cancelled");
    expect(deriveOrderStatus(order({ cancelledAt, paidAmount: AMOUNT }), NOW)).toBe("cancelled");
    expect(deriveOrderStatus(order({ cancelledAt, reservation: heldReservation }), NOW)).toBe("cancelled");
  });

  it("refunded before partially_refunded, paid and reservations", () => {
    expect(deriveOrderStatus(order({ paidAmount: AMOUNT, refundedAmount: AMOUNT, reservation: heldReservation }), NOW)).toBe(
      "refunded",
    );
  });

  it("refunded needs money paid: nothing paid and nothing refunded is not refunded", () => {
    expect(deriveOrderStatus(order({ paidAmount: 0n, refundedAmount: 0n }), NOW)).toBe("pending");
  });

  it("partially_refunded before paid and before reservations", () => {
    expect(deriveOrderStatus(order({ paidAmount: AMOUNT, refundedAmount: 1n }), NOW)).toBe("partially_refunded");
    expect(deriveOrderStatus(order({ paidAmount: 5_00n, refundedAmount: 1n, reservation: pendingReservation }), NOW)).toBe(
      "partially_refunded",
    );
  });

  it("paid before a reservation (money arrived while an attempt was open)", () => {
    expect(deriveOrderStatus(order({ paidAmount: AMOUNT, reservation: pendingReservation }), NOW)).toBe("paid");
    expect(deriveOrderStatus(order({ paidAmount: AMOUNT, reservation: heldReservation }), NOW)).toBe("paid");
  });

  it("authorized / processing before partially_paid", () => {
    expect(deriveOrderStatus(order({ paidAmount: 1_00n, reservation: heldReservation }), NOW)).toBe("authorized");
    expect(deriveOrderStatus(order({ paidAmount: 1_00n, reservation: pendingReservation }), NOW)).toBe("processing");
  });

  it("a reservation lapses just after its time (the instant itself still holds, as Payme's rule does)", () => {
    const at = { held: false, expiresAt: BigInt(NOW) };
    expect(deriveOrderStatus(order({ reservation: at }), NOW)).toBe("processing");
    expect(deriveOrderStatus(order({ reservation: at }), NOW + 1)).toBe("pending");
  });
});

describe("isReservationActive", () => {
  it("no reservation is not active", () => {
    expect(isReservationActive(null, NOW)).toBe(false);
  });
  it("a held one is active whatever its time", () => {
    expect(isReservationActive(heldReservation, NOW)).toBe(true);
    expect(isReservationActive({ held: true, expiresAt: null }, NOW)).toBe(true);
  });
  it("an unheld one is active until its time, or forever without one", () => {
    expect(isReservationActive(pendingReservation, NOW)).toBe(true);
    expect(isReservationActive(lapsedReservation, NOW)).toBe(false);
    expect(isReservationActive(openReservation, NOW)).toBe(true);
  });
  it("counts until its expiry instant inclusive, as Payme's 12-hour rule does (now − time > 12 h)", () => {
    expect(isReservationActive({ held: false, expiresAt: BigInt(NOW) }, NOW)).toBe(true);
    expect(isReservationActive({ held: false, expiresAt: BigInt(NOW) - 1n }, NOW)).toBe(false);
  });
});

describe("amounts", () => {
  it("outstanding = amount − paid (negative when overpaid)", () => {
    expect(outstandingAmount({ amount: AMOUNT, paidAmount: 0n })).toBe(AMOUNT);
    expect(outstandingAmount({ amount: AMOUNT, paidAmount: 3_00n })).toBe(AMOUNT - 3_00n);
    expect(outstandingAmount({ amount: AMOUNT, paidAmount: AMOUNT + 5n })).toBe(-5n);
  });

  it("overpaid is what was paid beyond the amount and not yet refunded", () => {
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: AMOUNT, refundedAmount: 0n })).toBe(0n);
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: 3_00n, refundedAmount: 0n })).toBe(0n);
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: AMOUNT * 2n, refundedAmount: 0n })).toBe(AMOUNT);
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: AMOUNT * 2n, refundedAmount: AMOUNT })).toBe(0n);
  });

  it("on a cancelled order, every sum still held is an overpayment to refund", () => {
    const cancelledAt = new Date(NOW);
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: AMOUNT, refundedAmount: 0n, cancelledAt })).toBe(AMOUNT);
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: AMOUNT, refundedAmount: AMOUNT, cancelledAt })).toBe(0n);
    expect(overpaidAmount({ amount: AMOUNT, paidAmount: 0n, refundedAmount: 0n, cancelledAt })).toBe(0n);
  });
});

describe("payability", () => {
  it("only pending and partially_paid orders are payable", () => {
    const payable = orderStatuses.filter((status) => isPayable(status));
    expect(payable.sort()).toEqual(["partially_paid", "pending"]);
  });

  it("every other status says why", () => {
    expect(notPayableReason("pending")).toBeUndefined();
    expect(notPayableReason("partially_paid")).toBeUndefined();
    expect(notPayableReason("processing")).toBe("payment_in_progress");
    expect(notPayableReason("authorized")).toBe("on_hold");
    expect(notPayableReason("paid")).toBe("already_paid");
    expect(notPayableReason("partially_refunded")).toBe("refunded");
    expect(notPayableReason("refunded")).toBe("refunded");
    expect(notPayableReason("cancelled")).toBe("cancelled");
    for (const status of orderStatuses) {
      expect(isPayable(status)).toBe(notPayableReason(status) === undefined);
    }
  });
});

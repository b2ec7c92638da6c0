/**
 * The share of an order paid, in whole percent rounded half up (partial payments, issue 13:
 * "Paid 1 500 of 5 000 (30 %)"). `paid` and `amount` in tiyin; 0 for an order of no amount.
 */
export function paidPercent(paid: bigint, amount: bigint): number {
  if (amount <= 0n || paid <= 0n) return 0;
  return Number((paid * 200n + amount) / (2n * amount));
}

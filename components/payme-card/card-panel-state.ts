import type { SavedCardView } from "@/lib/payments/payme/saved-cards/save-card";
import type { CardField, CardProblem } from "./card-problem";

/** Every mutation of the card panel carries this key, so the panel knows when one is running. */
export const cardMutationKey = (orderId: string, what: string) => ["payme-card", orderId, what] as const;
export const cardMutationScope = (orderId: string) => ["payme-card", orderId] as const;
export const cardFormQueryKey = (orderId: string) => ["payme-card-form", orderId] as const;

/** How a successful card payment ended. */
export type CardOutcome = { held: boolean; saved: SavedCardView | null };

/**
 * How the panel's parts tell the panel what the shopper must hear. The panel keeps it, so a
 * message survives the form being hidden for a moment (the order is `processing` while Payme
 * debits the card, and not payable then).
 */
export type CardPanelReport = {
  problem(problem: CardProblem, options: { focus: boolean }): void;
  /** A polite status line (code sent, card removed, link sent…), already translated. */
  notice(text: string): void;
  clear(): void;
  /** The shopper edited `field`: a problem about it is no longer true of what is typed, so it goes. */
  edited(field: CardField): void;
  done(outcome: CardOutcome): void;
  /** A payment attempt ended either way: refresh the order now rather than at the next poll. */
  settled(): void;
};

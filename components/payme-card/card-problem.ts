import type { PlainMessageKey } from "@/lib/i18n/types";
import { SubscribeError, type LocalizedText } from "@/lib/payments/payme/subscribe";

/** The form's inputs a problem can be about. */
export type CardField = "number" | "expiry" | "code" | "pin";

/**
 * Something the shopper must read: a sentence from Payme's error table or from our server
 * actions (already in every language), or one of our own message keys. The code is for the
 * form's decisions and for tests, never shown. `fields`: the inputs it is about — editing one of
 * them makes the message go (it no longer describes what is typed).
 */
export type CardProblem = ({ text: LocalizedText; code: string | number } | { key: PlainMessageKey; code: string }) & {
  fields?: readonly CardField[];
};

/** The same problem, about these inputs. */
export function aboutFields(problem: CardProblem, fields: readonly CardField[]): CardProblem {
  return { ...problem, fields };
}

/** A server action answered `{ok: false, error}`: carried through react-query's onError. */
export class ActionProblem extends Error {
  constructor(
    readonly code: string,
    readonly text: LocalizedText,
    readonly attemptsLeft?: number,
  ) {
    super(code);
    this.name = "ActionProblem";
  }
}

export function throwIfFailed<T extends { ok: boolean }>(
  result: T,
): asserts result is Extract<T, { ok: true }> {
  if (!result.ok) {
    const { error } = result as unknown as { error: { code: string; message: LocalizedText; attemptsLeft?: number } };
    throw new ActionProblem(error.code, error.message, error.attemptsLeft);
  }
}

export function describeProblem(error: unknown): CardProblem {
  if (error instanceof SubscribeError) return { text: error.localized, code: error.code };
  if (error instanceof ActionProblem) return { text: error.text, code: error.code };
  // A server action that did not answer (network, server error): nothing was paid by it that
  // the order page will not show; say so plainly.
  return { key: "card.error.generic", code: "unreachable" };
}

import { clickText } from "./messages";

/**
 * Click's SHOP API error codes (protocol file, "Responses"). `note` is the `error_note` Click
 * expects on the wire, in English, verbatim; `text` is what we show people (admin history,
 * the order page) in ru/uz/en.
 */
export type LocalizedText = { ru: string; uz: string; en: string };

export const clickErrorCodes = {
  success: 0,
  signCheckFailed: -1,
  incorrectAmount: -2,
  actionNotFound: -3,
  alreadyPaid: -4,
  userNotFound: -5,
  transactionNotFound: -6,
  failedToUpdate: -7,
  badRequest: -8,
  transactionCancelled: -9,
} as const;

export type ClickErrorCode = (typeof clickErrorCodes)[keyof typeof clickErrorCodes];

type ClickErrorEntry = { note: string; text: LocalizedText };

/** The texts for people come from Click's message file (messages.ts, `code.<n>`). */
export const clickErrors: Record<ClickErrorCode, ClickErrorEntry> = {
  [0]: { note: "Success", text: clickText("code.0") },
  [-1]: { note: "SIGN CHECK FAILED!", text: clickText("code.-1") },
  [-2]: { note: "Incorrect parameter amount", text: clickText("code.-2") },
  [-3]: { note: "Action not found", text: clickText("code.-3") },
  [-4]: { note: "Already paid", text: clickText("code.-4") },
  [-5]: { note: "User does not exist", text: clickText("code.-5") },
  [-6]: { note: "Transaction does not exist", text: clickText("code.-6") },
  [-7]: { note: "Failed to update user", text: clickText("code.-7") },
  [-8]: { note: "Error in request from click", text: clickText("code.-8") },
  [-9]: { note: "Transaction cancelled", text: clickText("code.-9") },
};

/** The wire `error_note` for a code (Click matches on the code; the note is for people reading logs). */
export function clickErrorNote(code: ClickErrorCode): string {
  return clickErrors[code].note;
}

/** The ru/uz/en text for a code, for pages and the admin. */
export function clickErrorText(code: ClickErrorCode): LocalizedText {
  return clickErrors[code].text;
}

/** An admin outcome's text in every language (messages.ts, `refund.*`). */
export function clickAdminText(key: "reversalNoAnswer"): LocalizedText;
export function clickAdminText(key: "notReversible", params: { status: number }): LocalizedText;
export function clickAdminText(key: "reversalNoAnswer" | "notReversible", params?: { status: number }): LocalizedText {
  return key === "reversalNoAnswer" ? clickText("refund.noAnswer") : clickText("refund.notReversible", { status: params?.status ?? "?" });
}

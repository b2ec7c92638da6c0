import type { PlainMessageKey } from "@/lib/i18n/types";
import { digitsOnly, formatCardNumber, formatExpiry, type CardFieldErrors } from "./card-input";

/** The SMS step: Payme's card token, where the code went, until when it is valid (ms since epoch). */
export type CodeStep = { token: string; phone: string; deadline: number; save: boolean };

/** Everything the new-card form remembers between renders (what the shopper typed, which step). */
export type NewCardState = {
  number: string;
  expiry: string;
  save: boolean;
  pin: string;
  pinRepeat: string;
  errors: CardFieldErrors;
  code: string;
  codeError: PlainMessageKey | undefined;
  /** The code can no longer be used (expired or burnt): a new one must be asked for at once. */
  codeGone: boolean;
  /** null: the card step; otherwise the SMS-code step. */
  step: CodeStep | null;
};

export type NewCardEvent =
  /** The shopper typed into a card field (raw value; the reducer formats it and clears its error). */
  | { type: "edit"; field: "number" | "expiry" | "pin" | "pinRepeat"; value: string }
  | { type: "toggleSave"; save: boolean }
  /** The card step was checked: these are its errors (none: the code is being requested). */
  | { type: "validated"; errors: CardFieldErrors }
  | { type: "codeSent"; step: CodeStep }
  | { type: "codeResent"; phone: string; deadline: number }
  | { type: "editCode"; value: string }
  | { type: "codeChecked"; error: PlainMessageKey | undefined }
  /** Payme refused the code; `gone`: it cannot be retried, ask for a new one. */
  | { type: "codeRejected"; gone: boolean }
  /** Back to the card step (the shopper's choice, or a failure that spent the token). */
  | { type: "backToCard" }
  | { type: "paid" };

export const initialNewCardState: NewCardState = {
  number: "",
  expiry: "",
  save: false,
  pin: "",
  pinRepeat: "",
  errors: {},
  code: "",
  codeError: undefined,
  codeGone: false,
  step: null,
};

function withoutErrors(errors: CardFieldErrors, ...fields: (keyof CardFieldErrors)[]): CardFieldErrors {
  if (!fields.some((field) => errors[field])) return errors;
  const rest = { ...errors };
  for (const field of fields) delete rest[field];
  return rest;
}

function formatField(field: "number" | "expiry" | "pin" | "pinRepeat", value: string, previous: string): string {
  switch (field) {
    case "number":
      return formatCardNumber(value);
    case "expiry":
      return formatExpiry(value, previous);
    default:
      return digitsOnly(value).slice(0, 4);
  }
}

/** The new-card form's state machine: pure, so every transition is tested without a browser. */
export function newCardReducer(state: NewCardState, event: NewCardEvent): NewCardState {
  switch (event.type) {
    case "edit":
      return {
        ...state,
        [event.field]: formatField(event.field, event.value, state[event.field]),
        errors: withoutErrors(state.errors, event.field),
      };
    case "toggleSave":
      return { ...state, save: event.save, errors: event.save ? state.errors : withoutErrors(state.errors, "pin", "pinRepeat") };
    case "validated":
      return { ...state, errors: event.errors };
    case "codeSent":
      return { ...state, step: event.step, code: "", codeError: undefined, codeGone: false };
    case "codeResent":
      return state.step
        ? { ...state, step: { ...state.step, phone: event.phone, deadline: event.deadline }, codeGone: false, code: "" }
        : { ...state, codeGone: false, code: "" };
    case "editCode":
      return { ...state, code: digitsOnly(event.value).slice(0, 6), codeError: undefined };
    case "codeChecked":
      return { ...state, codeError: event.error };
    case "codeRejected":
      return { ...state, codeGone: event.gone, code: "" };
    case "backToCard":
      return { ...state, step: null };
    case "paid":
      return { ...state, step: null, number: "", expiry: "", pin: "", pinRepeat: "", save: false, code: "" };
  }
}

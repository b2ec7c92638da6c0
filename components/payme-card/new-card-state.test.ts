import { describe, expect, it } from "vitest";
import { initialNewCardState, newCardReducer, type CodeStep, type NewCardEvent, type NewCardState } from "./new-card-state";

const run = (events: NewCardEvent[], from: NewCardState = initialNewCardState) => events.reduce(newCardReducer, from);
const step: CodeStep = { token: "tok", phone: "99890*****67", deadline: 60_000, save: true };

describe("newCardReducer", () => {
  it("formats what the shopper types and clears that field's error only", () => {
    const state = run([
      { type: "validated", errors: { number: "card.error.number", expiry: "card.error.expiry" } },
      { type: "edit", field: "number", value: "8600 4954-7331 6478 99" },
      { type: "edit", field: "pin", value: "12a345" },
    ]);
    expect(state.number).toBe("8600 4954 7331 6478");
    expect(state.pin).toBe("1234");
    expect(state.errors).toEqual({ expiry: "card.error.expiry" });
    const expiry = newCardReducer(state, { type: "edit", field: "expiry", value: "0399" });
    expect(expiry.expiry).toBe("03/99");
    expect(expiry.errors).toEqual({});
  });

  it("drops the PIN errors when saving is switched off, keeps the others", () => {
    const errors = { number: "card.error.number", pin: "card.error.pin", pinRepeat: "card.error.pinRepeat" } as const;
    const on = run([{ type: "toggleSave", save: true }, { type: "validated", errors }]);
    expect(newCardReducer(on, { type: "toggleSave", save: false })).toMatchObject({ save: false, errors: { number: "card.error.number" } });
    expect(newCardReducer(on, { type: "toggleSave", save: true }).errors).toEqual(errors);
  });

  it("enters the code step with a clean code, and a resent code keeps the token", () => {
    const rejected = run([{ type: "codeSent", step }, { type: "editCode", value: "12" }, { type: "codeRejected", gone: true }]);
    expect(rejected).toMatchObject({ step, code: "", codeGone: true });
    const resent = run([{ type: "editCode", value: "99" }, { type: "codeResent", phone: "99891*****00", deadline: 120_000 }], rejected);
    expect(resent).toMatchObject({ step: { token: "tok", phone: "99891*****00", deadline: 120_000, save: true }, code: "", codeGone: false });
    const again = run([{ type: "codeChecked", error: "card.error.code" }, { type: "codeSent", step }], resent);
    expect(again).toMatchObject({ code: "", codeError: undefined, codeGone: false });
  });

  it("keeps six digits of the code and clears its error as the shopper types", () => {
    const state = run([{ type: "codeSent", step }, { type: "codeChecked", error: "card.error.code" }, { type: "editCode", value: "12-34 5678" }]);
    expect(state).toMatchObject({ code: "123456", codeError: undefined });
  });

  it("goes back to the card keeping what was typed, and forgets it all once paid", () => {
    const typed = run([
      { type: "edit", field: "number", value: "8600495473316478" },
      { type: "edit", field: "expiry", value: "0399" },
      { type: "toggleSave", save: true },
      { type: "edit", field: "pin", value: "1234" },
      { type: "edit", field: "pinRepeat", value: "1234" },
      { type: "codeSent", step },
    ]);
    expect(newCardReducer(typed, { type: "backToCard" })).toEqual({ ...typed, step: null });
    expect(newCardReducer(typed, { type: "paid" })).toEqual({ ...typed, step: null, number: "", expiry: "", save: false, pin: "", pinRepeat: "", code: "" });
  });

  it("never changes the state it is given", () => {
    const before = run([{ type: "validated", errors: { number: "card.error.number" } }]);
    const frozen = structuredClone(before);
    newCardReducer(before, { type: "edit", field: "number", value: "4" });
    expect(before).toEqual(frozen);
  });
});

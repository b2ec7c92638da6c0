import { describe, expect, it } from "vitest";
import { clickErrorCodes, clickErrorNote, clickErrors, clickErrorText } from "./errors";

describe("Click error table", () => {
  it("has every code from 0 to -9 and nothing else", () => {
    expect(Object.keys(clickErrors).map(Number).sort((a, b) => b - a)).toEqual([0, -1, -2, -3, -4, -5, -6, -7, -8, -9]);
    expect(Object.values(clickErrorCodes).sort((a, b) => b - a)).toEqual([0, -1, -2, -3, -4, -5, -6, -7, -8, -9]);
  });

  it.each([
    [0, "Success"],
    [-1, "SIGN CHECK FAILED!"],
    [-2, "Incorrect parameter amount"],
    [-3, "Action not found"],
    [-4, "Already paid"],
    [-5, "User does not exist"],
    [-6, "Transaction does not exist"],
    [-7, "Failed to update user"],
    [-8, "Error in request from click"],
    [-9, "Transaction cancelled"],
  ] as const)("answers %i with Click's own error_note %j", (code, note) => {
    expect(clickErrorNote(code)).toBe(note);
  });

  it("has a distinct, non-empty text in every language for every code", () => {
    for (const entry of Object.values(clickErrors)) {
      for (const locale of ["ru", "uz", "en"] as const) expect(entry.text[locale].trim()).not.toBe("");
    }
    for (const locale of ["ru", "uz", "en"] as const) {
      const texts = Object.values(clickErrors).map((entry) => entry.text[locale]);
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(clickErrorText(-9).ru).toBe("Транзакция отменена");
  });
});

/**
 * A Click callback body → its fields as the raw strings Click sent (signatures are computed
 * over those, so nothing here may reformat a value). Click posts
 * `application/x-www-form-urlencoded`; a JSON object of strings and numbers is accepted too,
 * its numbers kept as their literal text (`15000.00` stays `15000.00`, which JSON.parse would
 * turn into 15000).
 */

/** Click's callbacks are a dozen short fields; anything bigger is not one. */
export const MAX_CLICK_BODY_BYTES = 16 * 1024;

export type RawFieldsResult =
  | { ok: true; fields: Record<string, string> }
  | { ok: false; reason: "too_large" | "content_type" | "syntax" | "duplicate_field" | "not_flat" };

/** Field names we never store as keys of a plain object (prototype pollution). */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Reads the body by its content type; an absent or other content type is refused. */
export function readClickFields(body: string, contentType: string | null | undefined): RawFieldsResult {
  if (Buffer.byteLength(body, "utf8") > MAX_CLICK_BODY_BYTES) return { ok: false, reason: "too_large" };
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") return readForm(body);
  if (mediaType === "application/json") return readFlatJsonObject(body);
  return { ok: false, reason: "content_type" };
}

function readForm(body: string): RawFieldsResult {
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    // Two values for one name: we could not know which one Click signed.
    if (key in fields) return { ok: false, reason: "duplicate_field" };
    fields[key] = value;
  }
  return { ok: true, fields };
}

const WS = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * A flat JSON object; strings decoded, numbers as their literal text, `null` as absent; nested
 * values refused. Also reads the Merchant API's answers, whose ids may exceed 2^53.
 */
export function readFlatJsonObject(body: string): RawFieldsResult {
  let position = 0;
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    const match = pattern.exec(body);
    if (!match) return undefined;
    position = pattern.lastIndex;
    return match[0];
  };
  const skip = () => void take(WS);
  const expect = (char: string): boolean => {
    skip();
    if (body[position] !== char) return false;
    position += 1;
    return true;
  };

  const fields: Record<string, string> = Object.create(null);
  if (!expect("{")) return { ok: false, reason: body.trim().startsWith("[") ? "not_flat" : "syntax" };
  skip();
  if (body[position] === "}") {
    position += 1;
  } else {
    for (;;) {
      skip();
      const keyToken = take(STRING);
      if (keyToken === undefined || !expect(":")) return { ok: false, reason: "syntax" };
      skip();
      const key = JSON.parse(keyToken) as string;
      let value: string | null;
      const stringToken = take(STRING);
      if (stringToken !== undefined) value = JSON.parse(stringToken) as string;
      else {
        const numberToken = take(NUMBER);
        if (numberToken !== undefined) value = numberToken;
        else {
          const literal = take(LITERAL);
          if (literal === undefined) return { ok: false, reason: body[position] === "{" || body[position] === "[" ? "not_flat" : "syntax" };
          // A boolean is no Click field's type; null means the field was left out.
          if (literal !== "null") return { ok: false, reason: "not_flat" };
          value = null;
        }
      }
      if (key in fields) return { ok: false, reason: "duplicate_field" };
      if (value !== null && !FORBIDDEN_KEYS.has(key)) fields[key] = value;
      if (expect(",")) continue;
      if (expect("}")) break;
      return { ok: false, reason: "syntax" };
    }
  }
  skip();
  return position === body.length ? { ok: true, fields } : { ok: false, reason: "syntax" };
}

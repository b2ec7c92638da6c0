/**
 * How deeply a JSON text nests, found by scanning its brackets (outside strings) without
 * parsing it: a body nested thousands of levels deep must be refused before JSON.parse and
 * zod walk it recursively ("Maximum call stack size exceeded").
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Deeper than any message of ours or the providers' (Payme's `detail.items` is 4 levels). */
export const MAX_JSON_DEPTH = 32;

/** Whether `text` nests no deeper than `maxDepth` (ms-cheap: one linear scan). */
export function jsonDepthWithin(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  return jsonDepth(text) <= maxDepth;
}

import { interpolate } from "./interpolate";
import type { MessageKey, Messages, Translate } from "./types";

/**
 * `t(key, params)` over one language's catalog. Its own module, without the dictionaries: the
 * browser gets only the catalog of the page's language (lib/i18n/client.tsx), never all three.
 */
export function translatorFor(messages: Messages): Translate {
  return (key: MessageKey, ...args: [Record<string, string | number>?]) => interpolate(messages[key], args[0]);
}

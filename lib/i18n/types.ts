import type { ru } from "./messages/ru";

type Russian = typeof ru;

/** Every message key; Russian defines them. */
export type MessageKey = keyof Russian;

/** The `{name}` placeholders of a message text, e.g. "Заказ №{number}" → "number". */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type Slot<Name> = Name extends string ? `${string}{${Name}}${string}` : never;
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void
  ? I
  : never;

/** A translation of a Russian text: any string that keeps each of its placeholders. */
export type Translation<Text extends string> = [Placeholders<Text>] extends [never]
  ? string
  : UnionToIntersection<Slot<Placeholders<Text>>>;

/**
 * The shape every language must have: exactly the Russian keys (a missing or extra key does not
 * compile), and each text keeps the Russian text's placeholders.
 */
export type Messages = Catalog<Russian>;

/** Parameters of a message: none, or one value per placeholder. */
export type MessageArgs<Key extends MessageKey> = CatalogArgs<Russian[Key]>;

export type Translate = <Key extends MessageKey>(key: Key, ...args: MessageArgs<Key>) => string;

/** Keys of messages without placeholders: what can be stored and translated later as is. */
export type PlainMessageKey = { [Key in MessageKey]: MessageArgs<Key> extends [] ? Key : never }[MessageKey];

/**
 * Any message catalog (the shop's, the admin's, a provider's): `Source` is its Russian
 * dictionary (`as const`); every other language has exactly its keys and keeps each placeholder.
 */
export type Catalog<Source extends Readonly<Record<string, string>>> = {
  readonly [Key in keyof Source]: Source[Key] extends string ? Translation<Source[Key]> : never;
};

/** Parameters of a catalog message: none, or one value per placeholder. */
export type CatalogArgs<Text extends string> = [Placeholders<Text>] extends [never]
  ? []
  : [params: Record<Placeholders<Text>, string | number>];

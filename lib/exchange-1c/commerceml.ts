import iconv from "iconv-lite";
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { toDecimalString } from "../money/money";

/*
 * CommerceML `type=sale` documents, pure (no I/O): bytes → documents 1C sent, and orders → the
 * XML the store answers `mode=query` with. Protocol: ../../../shared/docs/protocols/1c-exchange.md
 * ("Documents", "Encoding"). Validation is lenient: real files carry elements outside the XSD.
 */

export const SUPPORTED_VERSIONS = ["2.10", "3.1"] as const;
export type SchemaVersion = (typeof SUPPORTED_VERSIONS)[number];
export type ExchangeEncoding = "utf-8" | "windows-1251";

/** The schema version the store speaks for 1C's `version=` (the one asked when supported, else 2.10). */
export function negotiateVersion(requested: string | null | undefined): SchemaVersion {
  const asked = (requested ?? "").trim();
  return (SUPPORTED_VERSIONS as readonly string[]).includes(asked) ? (asked as SchemaVersion) : "2.10";
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * An upload's text: UTF-8 (a BOM is dropped), or windows-1251 when the XML declaration names it
 * (the declaration is ASCII in both encodings).
 */
export function decodeUpload(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 3).equals(UTF8_BOM)) return buffer.subarray(3).toString("utf8");
  const head = buffer.subarray(0, 200).toString("latin1");
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (declared === "windows-1251" || declared === "cp1251") return iconv.decode(buffer, "win1251");
  return buffer.toString("utf8");
}

/** XML text → bytes in the admin's encoding: UTF-8 with a BOM, or windows-1251 (no BOM). */
export function encodeAnswer(xml: string, encoding: ExchangeEncoding): Buffer {
  return encoding === "windows-1251" ? iconv.encode(xml, "win1251") : Buffer.concat([UTF8_BOM, Buffer.from(xml, "utf8")]);
}

/** The `Content-Type` matching `encodeAnswer`'s bytes. */
export function xmlContentType(encoding: ExchangeEncoding): string {
  return `application/xml; charset=${encoding}`;
}

// ——— Reading ————————————————————————————————————————————————————————————————

/** What a document asks of the store. */
export type DocumentKind = "order" | "payment" | "refund" | "other";

export type ExchangeDocument = {
  /** Position in the file (0-based). */
  index: number;
  kind: DocumentKind;
  /** `Ид`, trimmed ("" when absent). */
  id: string;
  /** `Номер`, trimmed. */
  number: string;
  /** `ХозОперация`, trimmed. */
  operation: string;
  /** `Сумма` in tiyin; null when absent; "invalid" when not a decimal amount in tiyin. */
  sum: bigint | null | "invalid";
  /** `Основание` (a payment's or refund's order), trimmed; for 3.x, the order of the same `Контейнер` when absent. */
  basis: string | null;
  /** `Дата` + `Время` as 1C wrote them (no zone). */
  date: string;
  time: string;
  /** Requisites by name (trimmed), plus the document's own boolean elements (`ПометкаУдаления`, `Оплачен`…). */
  requisites: ReadonlyMap<string, string>;
};

export type ParsedFile =
  | { ok: true; version: string; documents: ExchangeDocument[] }
  | { ok: false; reason: string };

const PAYMENT_OPERATIONS = new Set(["Выплата безналичных денег", "Выплата наличных денег", "Эквайринговая операция"]);
const REFUND_OPERATIONS = new Set(["Возврат безналичных денег", "Возврат наличных денег"]);
const ORDER_OPERATION = "Заказ товара";
/** Elements 1C writes on the document itself that mean the same as a requisite of that name. */
const DOCUMENT_FLAGS = ["ПометкаУдаления", "Оплачен", "ПризнакВозврата", "Проведен", "Отменен"];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (name) => ["Контейнер", "Документ", "ЗначениеРеквизита", "Контрагент", "Товар"].includes(name),
});

type XmlNode = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");
const nodes = (value: unknown): XmlNode[] => (Array.isArray(value) ? (value.filter((item) => item && typeof item === "object") as XmlNode[]) : []);

/** `1500`, `1500.5`, `231.7400` (sum) → tiyin; anything else (negative, more than 2 significant decimals) → "invalid". */
export function parseSum(raw: string | undefined): bigint | null | "invalid" {
  const value = (raw ?? "").trim().replace(",", ".");
  if (value === "") return null;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return "invalid";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > 2) return "invalid";
  return BigInt(match[1]! + fraction.padEnd(2, "0"));
}

/** 1C's booleans: `true`/`false`, also `Да`/`Нет` and `1`/`0`; anything else is undefined. */
export function parseFlag(raw: string | undefined): boolean | undefined {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "true" || value === "да" || value === "1") return true;
  if (value === "false" || value === "нет" || value === "0") return false;
  return undefined;
}

/**
 * 1C's zone-less date (`2017-08-16T21:30:00`, `2017-08-16 21:30:00`, `2017-08-16`) read in
 * `timeZone`; null for an empty date (`T`, `0001-01-01T00:00:00`, blank) or one that is not a date.
 */
export function parseLocalDate(raw: string | undefined, timeZone: string): Date | null {
  const value = (raw ?? "").trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at that wall-clock time (checked twice across a DST change).
  let guess = asUtc - zoneOffsetMs(asUtc, timeZone);
  guess = asUtc - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** `date` as `{date: "YYYY-MM-DD", time: "HH:MM:SS"}` in `timeZone`. */
export function localParts(date: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? "00";
  return { date: `${part("year")}-${part("month")}-${part("day")}`, time: `${part("hour")}:${part("minute")}:${part("second")}` };
}

function kindOf(operation: string): DocumentKind {
  if (operation === ORDER_OPERATION) return "order";
  if (PAYMENT_OPERATIONS.has(operation)) return "payment";
  if (REFUND_OPERATIONS.has(operation)) return "refund";
  return "other";
}

function readDocument(node: XmlNode, index: number, containerOrder: string | null): ExchangeDocument {
  const requisites = new Map<string, string>();
  for (const flag of DOCUMENT_FLAGS) {
    const value = text(node[flag]);
    if (value !== "") requisites.set(flag, value);
  }
  const list = (node["ЗначенияРеквизитов"] as XmlNode | undefined)?.["ЗначениеРеквизита"];
  for (const requisite of nodes(list)) {
    const name = text(requisite["Наименование"]);
    if (name) requisites.set(name, text(requisite["Значение"]));
  }
  const operation = text(node["ХозОперация"]);
  const kind = kindOf(operation);
  const basis = text(node["Основание"]) || (kind === "order" ? null : containerOrder);
  return {
    index,
    kind,
    id: text(node["Ид"]),
    number: text(node["Номер"]),
    operation,
    sum: parseSum(text(node["Сумма"])),
    basis: basis || null,
    date: text(node["Дата"]),
    time: text(node["Время"]),
    requisites,
  };
}

/**
 * An uploaded file → its documents, in file order: the 2.x form (`Документ` under the root) and
 * the 3.x form (`Контейнер` → `Документ`). A file that is not well-formed XML, declares a DTD,
 * or has another root is refused with a reason (and nothing is applied from it).
 */
export function parseExchangeFile(bytes: Uint8Array): ParsedFile {
  let xml: string;
  try {
    xml = decodeUpload(bytes);
  } catch {
    return { ok: false, reason: "the file cannot be decoded" };
  }
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, reason: "DTDs are not accepted" };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: `malformed XML at line ${valid.err.line}: ${valid.err.msg}` };
  let tree: XmlNode;
  try {
    tree = parser.parse(xml) as XmlNode;
  } catch (error) {
    return { ok: false, reason: `malformed XML: ${error instanceof Error ? error.message : "unreadable"}` };
  }
  const root = tree["КоммерческаяИнформация"];
  if (!root || typeof root !== "object") return { ok: false, reason: "not a CommerceML file (no КоммерческаяИнформация)" };
  const info = root as XmlNode;
  const documents: ExchangeDocument[] = [];
  for (const node of nodes(info["Документ"])) documents.push(readDocument(node, documents.length, null));
  for (const container of nodes(info["Контейнер"])) {
    const inContainer = nodes(container["Документ"]);
    const order = inContainer.find((node) => kindOf(text(node["ХозОперация"])) === "order");
    const orderRef = order ? text(order["Ид"]) || text(order["Номер"]) : null;
    for (const node of inContainer) documents.push(readDocument(node, documents.length, orderRef));
  }
  return { ok: true, version: text(info["@_ВерсияСхемы"]), documents };
}

/** A requisite's value, trimmed ("" when absent). */
export function requisite(document: ExchangeDocument, ...names: string[]): string {
  for (const name of names) {
    const value = document.requisites.get(name);
    if (value !== undefined) return value.trim();
  }
  return "";
}

// ——— Writing ————————————————————————————————————————————————————————————————

/** One online payment of an order, as 1C gets it (its own document; `Ид` stays the ledger entry's). */
export type ExportPayment = {
  ledgerId: number;
  provider: string;
  reference: string;
  /** Tiyin. */
  amount: bigint;
  /** Tiyin refunded of it. */
  refunded: bigint;
  at: Date;
};

/** An order as the store sends it to 1C at `mode=query`. Amounts in tiyin. */
export type ExportOrder = {
  id: string;
  number: number;
  createdAt: Date;
  statusChangedAt: Date;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  status: string;
  cancelled: boolean;
  /** A cancel 1C asked for was refused (the reservation ended paid): `Отменен=false` goes back. */
  cancelRefused: boolean;
  fulfilled: boolean;
  customer: { name: string | null; phone: string | null; email: string | null };
  /** Stable per buyer, different between buyers. */
  customerKey: string;
  items: { sku: string; title: string; quantity: number; unitPrice: bigint }[];
  /** Delivery in tiyin, when the order has one (a line `ORDER_DELIVERY`). */
  delivery: bigint | null;
  payments: ExportPayment[];
};

/** The `Ид` of an online payment's document: its ledger entry's id. */
export const paymentDocumentId = (ledgerId: number) => `payment-${ledgerId}`;
/** The ledger id back from a payment document `Ид` the store exported, else null. */
export function ledgerIdOfDocument(id: string): number | null {
  const match = /^payment-(\d{1,15})$/.exec(id.trim());
  return match ? Number(match[1]) : null;
}

const sum = (tiyin: bigint) => toDecimalString(tiyin);
const bool = (value: boolean) => (value ? "true" : "false");
const requisites = (pairs: [string, string][]) => ({
  ЗначениеРеквизита: pairs.map(([name, value]) => ({ Наименование: name, Значение: value })),
});
const stamp = (date: Date, timeZone: string) => {
  const parts = localParts(date, timeZone);
  return `${parts.date} ${parts.time}`;
};

function counterparty(order: ExportOrder) {
  const contacts: { Тип: string; Значение: string }[] = [];
  if (order.customer.phone) contacts.push({ Тип: "Телефон мобильный", Значение: order.customer.phone });
  if (order.customer.email) contacts.push({ Тип: "Электронная почта", Значение: order.customer.email });
  const name = order.customer.name || order.customer.phone || order.customer.email || "Покупатель";
  return {
    Контрагент: [
      {
        Ид: order.customerKey,
        Наименование: name,
        ПолноеНаименование: name,
        Роль: "Покупатель",
        ...(contacts.length ? { Контакты: { Контакт: contacts } } : {}),
      },
    ],
  };
}

function orderDocument(order: ExportOrder, timeZone: string) {
  const created = localParts(order.createdAt, timeZone);
  const goods = order.items.map((item) => ({
    Ид: item.sku,
    Наименование: item.title,
    БазоваяЕдиница: { "@_Код": "796", "@_НаименованиеПолное": "Штука", "#text": "шт" },
    ЦенаЗаЕдиницу: sum(item.unitPrice),
    Количество: String(item.quantity),
    Сумма: sum(item.unitPrice * BigInt(item.quantity)),
    ЗначенияРеквизитов: requisites([
      ["ВидНоменклатуры", "Товар"],
      ["ТипНоменклатуры", "Товар"],
    ]),
  }));
  if (order.delivery !== null && order.delivery > 0n) {
    goods.push({
      Ид: "ORDER_DELIVERY",
      Наименование: "Доставка заказа",
      БазоваяЕдиница: { "@_Код": "796", "@_НаименованиеПолное": "Штука", "#text": "шт" },
      ЦенаЗаЕдиницу: sum(order.delivery),
      Количество: "1",
      Сумма: sum(order.delivery),
      ЗначенияРеквизитов: requisites([
        ["ВидНоменклатуры", "Услуга"],
        ["ТипНоменклатуры", "Услуга"],
      ]),
    });
  }
  const netPaid = order.paidAmount - order.refundedAmount;
  const paid = order.paidAmount > 0n && netPaid >= order.amount;
  const lastPayment = order.payments.at(-1);
  const latestPaymentAt = order.payments.reduce<Date | null>((latest, payment) => (!latest || payment.at > latest ? payment.at : latest), null);
  const refunded = order.refundedAmount > 0n;
  return {
    Ид: order.id,
    Номер: String(order.number),
    Дата: created.date,
    Время: created.time,
    ХозОперация: ORDER_OPERATION,
    Роль: "Продавец",
    Валюта: "UZS",
    Курс: "1",
    Сумма: sum(order.amount),
    Контрагенты: counterparty(order),
    Товары: { Товар: goods },
    ЗначенияРеквизитов: requisites([
      ["Метод оплаты", [...new Set(order.payments.map((payment) => payment.provider))].join(", ")],
      ["Заказ оплачен", bool(paid)],
      ["Дата оплаты", paid && latestPaymentAt ? stamp(latestPaymentAt, timeZone) : ""],
      ["Номер платежного документа", lastPayment ? paymentDocumentId(lastPayment.ledgerId) : ""],
      ["Сумма оплаты", sum(order.paidAmount)],
      ["Отменен", bool(order.cancelled && !order.cancelRefused)],
      ["Финальный статус", bool(order.cancelled || order.status === "refunded" || (paid && order.fulfilled))],
      ["Статус заказа", order.status],
      ["Дата изменения статуса", stamp(order.statusChangedAt, timeZone)],
      ["Признак возврата", bool(refunded)],
      ["Сумма возврата", sum(order.refundedAmount)],
      ["Причина к возврату", refunded ? "Возврат оплаты покупателю" : ""],
    ]),
  };
}

function paymentDocument(order: ExportOrder, payment: ExportPayment, timeZone: string) {
  const at = localParts(payment.at, timeZone);
  return {
    Ид: paymentDocumentId(payment.ledgerId),
    Номер: payment.reference,
    Дата: at.date,
    Время: at.time,
    ХозОперация: "Эквайринговая операция",
    Роль: "Продавец",
    Валюта: "UZS",
    Курс: "1",
    Сумма: sum(payment.amount),
    Контрагенты: counterparty(order),
    Основание: order.id,
    ЗначенияРеквизитов: requisites([
      ["Метод оплаты", payment.provider],
      ["Оплачено", "true"],
      ["Дата оплаты", stamp(payment.at, timeZone)],
      ["Номер платежного документа", payment.reference],
      ["Признак возврата", bool(payment.refunded > 0n)],
      ["Сумма возврата", sum(payment.refunded)],
    ]),
  };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, suppressEmptyNode: false });

/**
 * The `mode=query` answer: every order as an order document and each of its online payments as a
 * payment document (`Основание` = the order's `Ид`). 2.10: documents under the root; 3.1: one
 * `Контейнер` per order holding its documents. `encoding` names the bytes the caller will send.
 */
export function buildOrdersXml(input: { orders: ExportOrder[]; version: SchemaVersion; generatedAt: Date; timeZone: string; encoding: ExchangeEncoding }): string {
  const generated = localParts(input.generatedAt, input.timeZone);
  const perOrder = input.orders.map((order) => [
    orderDocument(order, input.timeZone),
    ...order.payments.map((payment) => paymentDocument(order, payment, input.timeZone)),
  ]);
  const body =
    input.version === "3.1"
      ? { Контейнер: perOrder.map((documents) => ({ Документ: documents })) }
      : { Документ: perOrder.flat() };
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": input.encoding === "windows-1251" ? "windows-1251" : "UTF-8" },
    КоммерческаяИнформация: {
      ...(input.version === "3.1" ? { "@_xmlns": "urn:1C.ru:commerceml_3" } : {}),
      "@_ВерсияСхемы": input.version,
      "@_ДатаФормирования": `${generated.date}T${generated.time}`,
      ...body,
    },
  }) as string;
}

/** The `mode=info` answer: the store's order statuses and payment systems, for 1C to map them. */
export function buildInfoXml(input: { statuses: readonly string[]; paySystems: readonly string[]; generatedAt: Date; timeZone: string; encoding: ExchangeEncoding }): string {
  const generated = localParts(input.generatedAt, input.timeZone);
  const items = (ids: readonly string[]) => ({ Элемент: ids.map((id) => ({ Ид: id, Название: id })) });
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": input.encoding === "windows-1251" ? "windows-1251" : "UTF-8" },
    Справочник: { "@_ДатаФормирования": `${generated.date}T${generated.time}`, Статусы: items(input.statuses), ПлатежныеСистемы: items(input.paySystems) },
  }) as string;
}

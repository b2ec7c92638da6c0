import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  buildOrdersXml,
  decodeUpload,
  encodeAnswer,
  ledgerIdOfDocument,
  negotiateVersion,
  parseExchangeFile,
  parseFlag,
  parseLocalDate,
  parseSum,
  requisite,
  xmlContentType,
  type ExportOrder,
} from "./commerceml";
import { paidPercent } from "../orders/paid-share";
import { customerKey } from "./export-orders";
import { safeBaseName } from "./upload-area";

const fixture = (name: string) => readFileSync(`/work/shared/fixtures/1c/${name}`);

describe("CommerceML values", () => {
  it("sums: decimal with '.', integers, trailing zeros; tiyin exactly", () => {
    expect(parseSum("2340")).toBe(234000n);
    expect(parseSum(" 1266.5 ")).toBe(126650n);
    expect(parseSum("231.7400")).toBe(23174n);
    expect(parseSum("0.01")).toBe(1n);
    expect(parseSum("")).toBeNull();
    expect(parseSum("1.005")).toBe("invalid");
    expect(parseSum("-5")).toBe("invalid");
    expect(parseSum("1e3")).toBe("invalid");
  });

  it("flags: true/false, Да/Нет; anything else is no answer", () => {
    expect(parseFlag("true")).toBe(true);
    expect(parseFlag("Да")).toBe(true);
    expect(parseFlag(" false ")).toBe(false);
    expect(parseFlag("Нет")).toBe(false);
    expect(parseFlag("")).toBeUndefined();
    expect(parseFlag("maybe")).toBeUndefined();
  });

  it("dates: zone-less, read in the store's zone; T and 0001-01-01 are empty", () => {
    expect(parseLocalDate("2017-08-16T21:30:00", "Asia/Tashkent")?.toISOString()).toBe("2017-08-16T16:30:00.000Z");
    expect(parseLocalDate("2017-08-16 21:30:00", "Asia/Tashkent")?.toISOString()).toBe("2017-08-16T16:30:00.000Z");
    expect(parseLocalDate("2017-08-16", "UTC")?.toISOString()).toBe("2017-08-16T00:00:00.000Z");
    expect(parseLocalDate("2024-07-01T12:00:00", "Europe/Moscow")?.toISOString()).toBe("2024-07-01T09:00:00.000Z");
    expect(parseLocalDate("T", "Asia/Tashkent")).toBeNull();
    expect(parseLocalDate("0001-01-01T00:00:00", "Asia/Tashkent")).toBeNull();
    expect(parseLocalDate("", "Asia/Tashkent")).toBeNull();
  });

  it("version negotiation: 2.10 and 3.1 as asked, else 2.10", () => {
    expect(negotiateVersion("3.1")).toBe("3.1");
    expect(negotiateVersion("2.10")).toBe("2.10");
    expect(negotiateVersion("2.08")).toBe("2.10");
    expect(negotiateVersion("3.2")).toBe("2.10");
    expect(negotiateVersion(undefined)).toBe("2.10");
  });

  it("file names: only a safe base name of a Windows or Unix path", () => {
    expect(safeBaseName("C:\\v8_8789_c.xml")).toBe("v8_8789_c.xml");
    expect(safeBaseName("../../etc/passwd")).toBe("passwd");
    expect(safeBaseName("orders.xml")).toBe("orders.xml");
    expect(safeBaseName("заказы 1.xml")).toBe("заказы_1.xml");
    expect(safeBaseName("..")).toBeNull();
    expect(safeBaseName("C:\\dir\\")).toBeNull();
    expect(safeBaseName(".hidden.xml")).toBe("hidden.xml");
    expect(safeBaseName(undefined)).toBeNull();
  });

  it("payment document ids: the ledger id back from the store's own documents only", () => {
    expect(ledgerIdOfDocument("payment-17")).toBe(17);
    expect(ledgerIdOfDocument(" payment-17 ")).toBe(17);
    expect(ledgerIdOfDocument("payment-x")).toBeNull();
    expect(ledgerIdOfDocument("О0000001008")).toBeNull();
  });

  it("paid share: whole percent, rounded half up", () => {
    expect(paidPercent(150_000n, 500_000n)).toBe(30);
    expect(paidPercent(1n, 3n)).toBe(33);
    expect(paidPercent(2n, 3n)).toBe(67);
    expect(paidPercent(0n, 3n)).toBe(0);
    expect(paidPercent(5n, 0n)).toBe(0);
  });

  it("buyers: one stable Ид per buyer, different between buyers", () => {
    const a = customerKey({ id: "o1", customerPhone: "+998901234567", customerEmail: null });
    expect(customerKey({ id: "o2", customerPhone: "+998 90 123 45 67", customerEmail: "x@y.uz" })).toBe(a);
    expect(customerKey({ id: "o3", customerPhone: "+998901234568", customerEmail: null })).not.toBe(a);
    expect(customerKey({ id: "o4", customerPhone: null, customerEmail: null })).not.toBe(customerKey({ id: "o5", customerPhone: null, customerEmail: null }));
  });
});

describe("reading 1C's files", () => {
  it("order 490 (3.1, Контейнер, BOM-less UTF-8): trimmed ids and requisites", () => {
    const parsed = parseExchangeFile(fixture("1c_to_site_order490_paid_shipped.xml"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.version).toBe("3.1");
    expect(parsed.documents).toHaveLength(1);
    const [order] = parsed.documents;
    expect(order).toMatchObject({ kind: "order", id: "490", number: "490", sum: 234000n, basis: null });
    expect(requisite(order!, "Номер оплаты по 1С")).toBe("О0000001008");
    expect(requisite(order!, "Дата оплаты по 1С")).toBe("2017-08-16T21:30:00");
    expect(requisite(order!, "ПометкаУдаления")).toBe("false");
    expect(requisite(order!, "Номер1С")).toBe("");
  });

  it("every fixture file parses; the full files keep their document count; 2.x documents sit under the root", () => {
    expect(parseExchangeFile(fixture("irpsv_bitrix_module6_documents_1.xml"))).toMatchObject({ ok: true, version: "3.1" });
    const full = parseExchangeFile(fixture("irpsv_bitrix_module6_documents_1.xml"));
    expect(full.ok && full.documents.length).toBe(20);
    const old = parseExchangeFile(fixture("carono_to.xml"));
    expect(old.ok && old.documents.map((document) => [document.kind, document.number, document.sum])).toEqual([["order", "20", 968342n]]);
    const empty = parseExchangeFile(fixture("bitrix_query_response_empty.utf8.xml"));
    expect(empty.ok && empty.documents).toEqual([]);
  });

  it("payment documents in a Контейнер take the container's order as Основание; refund operations are refunds", () => {
    const xml = `<?xml version="1.0"?><КоммерческаяИнформация ВерсияСхемы="3.1"><Контейнер>
      <Документ><Ид>ord-1 </Ид><Номер>7</Номер><ХозОперация>Заказ товара</ХозОперация><Сумма>50</Сумма></Документ>
      <Документ><Ид>pay-1</Ид><ХозОперация>Выплата безналичных денег</ХозОперация><Сумма>15</Сумма><Оплачен>Да</Оплачен></Документ>
      <Документ><Ид>ret-1</Ид><ХозОперация>Возврат наличных денег</ХозОперация><Сумма>5</Сумма><Основание>7</Основание></Документ>
      <Документ><Ид>x</Ид><ХозОперация>Реализация товаров</ХозОперация></Документ>
    </Контейнер></КоммерческаяИнформация>`;
    const parsed = parseExchangeFile(Buffer.from(xml));
    expect(parsed.ok && parsed.documents.map((document) => [document.kind, document.id, document.basis, document.sum])).toEqual([
      ["order", "ord-1", null, 5000n],
      ["payment", "pay-1", "ord-1", 1500n],
      ["refund", "ret-1", "7", 500n],
      ["other", "x", "ord-1", null],
    ]);
    expect(parsed.ok && requisite(parsed.documents[1]!, "Оплачен")).toBe("Да");
  });

  it("malformed XML, a DTD, another root: refused with a reason", () => {
    expect(parseExchangeFile(Buffer.from("<КоммерческаяИнформация><Документ></КоммерческаяИнформация>"))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed XML/) });
    expect(parseExchangeFile(Buffer.from(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a/>`))).toMatchObject({ ok: false });
    expect(parseExchangeFile(Buffer.from("<Каталог/>"))).toMatchObject({ ok: false, reason: expect.stringContaining("КоммерческаяИнформация") });
  });

  it("encodings: a BOM is dropped; a windows-1251 declaration is decoded as such", () => {
    const text = `<?xml version="1.0" encoding="windows-1251"?><КоммерческаяИнформация ВерсияСхемы="2.10"/>`;
    expect(decodeUpload(iconv.encode(text, "win1251"))).toBe(text);
    expect(decodeUpload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<a>Заказ</a>")]))).toBe("<a>Заказ</a>");
  });
});

const order: ExportOrder = {
  id: "opaque-id-1",
  number: 42,
  createdAt: new Date("2026-11-30T05:00:00Z"),
  statusChangedAt: new Date("2026-11-30T06:00:00Z"),
  amount: 500_000n,
  paidAmount: 500_000n,
  refundedAmount: 0n,
  status: "paid",
  cancelled: false,
  cancelRefused: false,
  fulfilled: false,
  customer: { name: "Ali & Co <test>", phone: "+998901234567", email: null },
  customerKey: "buyer-abc",
  items: [
    { sku: "KAZAN-8L", title: "Казан 8 л", quantity: 2, unitPrice: 150_000n },
    { sku: "PLOV", title: "Плов", quantity: 1, unitPrice: 100_000n },
  ],
  delivery: 100_000n,
  payments: [{ ledgerId: 9, provider: "payme", reference: "63f1", amount: 500_000n, refunded: 0n, at: new Date("2026-11-30T06:00:00Z") }],
};

const readBack = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ["Документ", "Контейнер", "Товар", "ЗначениеРеквизита"].includes(name) }).parse(xml);

describe("writing orders for 1C", () => {
  it("2.10: the order and its online payment as documents under the root; sums in sum; goods add up with the delivery line", () => {
    const xml = buildOrdersXml({ orders: [order], version: "2.10", generatedAt: new Date("2026-11-30T07:00:00Z"), timeZone: "Asia/Tashkent", encoding: "utf-8" });
    const tree = readBack(xml);
    const root = tree["КоммерческаяИнформация"];
    expect(root["@_ВерсияСхемы"]).toBe("2.10");
    expect(root["@_ДатаФормирования"]).toBe("2026-11-30T12:00:00");
    const [doc, pay] = root["Документ"];
    expect(doc).toMatchObject({ Ид: "opaque-id-1", Номер: "42", Дата: "2026-11-30", Время: "10:00:00", ХозОперация: "Заказ товара", Роль: "Продавец", Валюта: "UZS", Курс: "1", Сумма: "5000.00" });
    const goods = doc["Товары"]["Товар"];
    expect(goods.map((item: { Ид: string }) => item.Ид)).toEqual(["KAZAN-8L", "PLOV", "ORDER_DELIVERY"]);
    expect(goods.reduce((total: number, item: { Сумма: string }) => total + Number(item.Сумма) * 100, 0)).toBe(Number(order.amount));
    const requisites = Object.fromEntries(doc["ЗначенияРеквизитов"]["ЗначениеРеквизита"].map((pair: { Наименование: string; Значение: string }) => [pair.Наименование, pair.Значение]));
    expect(requisites).toMatchObject({
      "Метод оплаты": "payme",
      "Заказ оплачен": "true",
      "Дата оплаты": "2026-11-30 11:00:00",
      "Номер платежного документа": "payment-9",
      Отменен: "false",
      "Статус заказа": "paid",
      "Дата изменения статуса": "2026-11-30 11:00:00",
      "Признак возврата": "false",
    });
    expect(doc["Контрагенты"]["Контрагент"]).toMatchObject({ Ид: "buyer-abc", Наименование: "Ali & Co <test>", Роль: "Покупатель" });
    expect(pay).toMatchObject({ Ид: "payment-9", Номер: "63f1", ХозОперация: "Эквайринговая операция", Сумма: "5000.00", Основание: "opaque-id-1" });
  });

  it("3.1: one Контейнер per order; the namespace of CommerceML 3", () => {
    const xml = buildOrdersXml({ orders: [order, { ...order, id: "other", number: 43, payments: [] }], version: "3.1", generatedAt: new Date(), timeZone: "UTC", encoding: "utf-8" });
    const root = readBack(xml)["КоммерческаяИнформация"];
    expect(root["@_xmlns"]).toBe("urn:1C.ru:commerceml_3");
    expect(root["Контейнер"].map((container: { Документ: unknown[] }) => container.Документ.length)).toEqual([2, 1]);
  });

  it("a cancel 1C asked for and the store refused goes back as Отменен=false", () => {
    const xml = buildOrdersXml({ orders: [{ ...order, cancelled: false, cancelRefused: true }], version: "2.10", generatedAt: new Date(), timeZone: "UTC", encoding: "utf-8" });
    expect(xml).toMatch(/<Наименование>Отменен<\/Наименование>\s*<Значение>false<\/Значение>/);
  });

  it("bytes: UTF-8 with a BOM, or windows-1251 with its own declaration, each with the matching charset", () => {
    const utf8 = encodeAnswer("<a>Заказ</a>", "utf-8");
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(xmlContentType("utf-8")).toBe("application/xml; charset=utf-8");
    const xml = buildOrdersXml({ orders: [order], version: "2.10", generatedAt: new Date(), timeZone: "UTC", encoding: "windows-1251" });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
    const cp1251 = encodeAnswer(xml, "windows-1251");
    expect(iconv.decode(cp1251, "win1251")).toBe(xml);
    expect(xmlContentType("windows-1251")).toBe("application/xml; charset=windows-1251");
  });
});

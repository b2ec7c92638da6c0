import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db";
import { AppError, fieldErrorsFromZod } from "../errors";
import { convertPriceToTiyin, type Currency, type ExchangeRate } from "../money";
import { localeSchema, type Locale } from "../i18n/locales";
import { dbKind } from "../db/client";
import { markOrderChangedPrisma } from "./change-sequence";
import { phoneSchema } from "./phone";

export const MAX_QUANTITY = 999;

/** `POST /api/orders` body. Prices are never read from it: any `price` sent is ignored. */
export const createOrderRequest = z.object({
  items: z
    .array(
      z.object({
        sku: z.string({ error: "expected a SKU string" }).trim().min(1, "expected a SKU").max(64),
        quantity: z
          .number({ error: "expected a whole number from 1 to 999" })
          .int("expected a whole number from 1 to 999")
          .min(1, "expected a whole number from 1 to 999")
          .max(MAX_QUANTITY, "expected a whole number from 1 to 999"),
      }),
      { error: "expected a list of {sku, quantity}" },
    )
    .min(1, "the cart is empty")
    .max(100, "at most 100 different products per order"),
  customer: z
    .object({
      phone: phoneSchema.optional(),
      email: z.email("expected an e-mail address").max(200).optional(),
      name: z.string().trim().max(100, "at most 100 characters").optional(),
    })
    .optional(),
  lang: localeSchema.optional(),
});
export type CreateOrderRequest = z.infer<typeof createOrderRequest>;

export type CreateOrderDeps = {
  getRate: (currency: Currency) => Promise<ExchangeRate>;
};

/** Parses the raw body; bad input → AppError VALIDATION_FAILED naming each field. */
export function parseCreateOrderRequest(body: unknown): CreateOrderRequest {
  const parsed = createOrderRequest.safeParse(body);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The order request is not valid.", {
      fields: fieldErrorsFromZod(parsed.error.issues),
    });
  }
  return parsed.data;
}

/**
 * Creates an order priced from the database (never from the request), in tiyin. Products priced
 * in another currency are converted with the CBU rate, and the rates used are stored on the order.
 */
export async function createOrder(db: Db, request: CreateOrderRequest, deps: CreateOrderDeps, lang?: Locale) {
  // The same SKU twice counts once, with the quantities added.
  const quantities = new Map<string, { quantity: number; index: number }>();
  request.items.forEach((item, index) => {
    const seen = quantities.get(item.sku);
    quantities.set(item.sku, { quantity: (seen?.quantity ?? 0) + item.quantity, index: seen?.index ?? index });
  });
  for (const [sku, { quantity, index }] of quantities) {
    if (quantity > MAX_QUANTITY) {
      throw new AppError("VALIDATION_FAILED", "The order request is not valid.", {
        fields: [{ field: `items.${index}.quantity`, message: `at most ${MAX_QUANTITY} of ${sku}` }],
      });
    }
  }

  const products = await db.product.findMany({ where: { sku: { in: [...quantities.keys()] }, active: true } });
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const unknown = [...quantities].filter(([sku]) => !bySku.has(sku));
  if (unknown.length > 0) {
    throw new AppError("VALIDATION_FAILED", "The order request is not valid.", {
      fields: unknown.map(([sku, { index }]) => ({ field: `items.${index}.sku`, message: `unknown product ${sku}` })),
    });
  }

  const rates = new Map<string, ExchangeRate>();
  for (const product of products) {
    if (product.currency !== "UZS" && !rates.has(product.currency)) {
      rates.set(product.currency, await deps.getRate(product.currency as Currency));
    }
  }

  const items = [...quantities].map(([sku, { quantity }], position) => {
    const product = bySku.get(sku)!;
    const rate = rates.get(product.currency);
    const unitPrice = rate ? convertPriceToTiyin(product.price, rate) : product.price;
    const locale = lang ?? request.lang ?? "ru";
    const title = locale === "uz" ? product.titleUz : locale === "en" ? product.titleEn : product.titleRu;
    return {
      sku,
      title,
      quantity,
      unitPrice,
      originalPrice: product.price,
      originalCurrency: product.currency,
      code: product.code,
      packageCode: product.packageCode,
      vatPercent: product.vatPercent,
      units: product.units,
      position,
    };
  });
  const amount = items.reduce((sum, item) => sum + item.unitPrice * BigInt(item.quantity), 0n);

  // A new order is a change 1C has not seen: marked with its change sequence value in the same
  // transaction, after the insert (on SQLite the insert takes the write lock first).
  return db.$transaction(async (tx) => {
    const order = await tx.order.create({
      data: {
        id: randomBytes(16).toString("base64url"),
        amount,
        currency: "UZS",
        exchangeRates: rates.size ? JSON.stringify(Object.fromEntries(rates)) : null,
        customerPhone: request.customer?.phone ?? null,
        customerEmail: request.customer?.email ?? null,
        customerName: request.customer?.name || null,
        lang: lang ?? request.lang ?? "ru",
        items: { create: items },
      },
      include: { items: { orderBy: { position: "asc" } } },
    });
    return { ...order, exportSeq: await markOrderChangedPrisma(tx, dbKind(db), order.number) };
  });
}

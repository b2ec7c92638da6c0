"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { formatMoney } from "@/lib/money/money";
import { ProductArt } from "../catalog/product-art";
import { PAGE_TITLE_ID } from "../ui/page-title";
import type { ShopProduct } from "@/lib/catalog/shop-product";
import { useHydrated } from "../ui/use-hydrated";
import { cartLines, cartSubtotal, formatProductPrice, formatSubtotal, type CartLine } from "./cart-totals";
import { FallbackRateNote } from "./fallback-rate-note";
import { QuantityStepper } from "./quantity-stepper";
import { useCart } from "./use-cart";

export function CartView({ products }: { products: ShopProduct[] }) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const { items, setQuantity, remove, retain } = useCart();
  const [announcement, setAnnouncement] = useState("");

  // Products the shop no longer sells cannot be ordered: drop them from the stored cart.
  const knownSkus = useMemo(() => new Set(products.map((product) => product.sku)), [products]);
  useEffect(() => {
    if (items) retain(knownSkus);
  }, [items, knownSkus, retain]);

  const lines = items ? cartLines(items, products) : [];
  const subtotal = cartSubtotal(lines);

  return (
    <>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {items === null ? (
        <p className="muted">{t("cart.loading")}</p>
      ) : lines.length === 0 ? (
        <div className="empty-state">
          <p>{t("cart.empty")}</p>
          <Link href="/" className="button button--primary">
            {t("cart.toCatalog")}
          </Link>
        </div>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines">
            {lines.map((line) => (
              <li key={line.sku}>
                <CartLineItem
                  line={line}
                  disabled={!hydrated}
                  onQuantity={(quantity) => setQuantity(line.sku, quantity)}
                  onRemove={() => {
                    remove(line.sku);
                    setAnnouncement(t("cart.removed", { title: line.product.title }));
                    // The focused button is gone with its line: continue from the page heading.
                    document.getElementById(PAGE_TITLE_ID)?.focus();
                  }}
                />
              </li>
            ))}
          </ul>
          <section className="summary-card" aria-labelledby="cart-subtotal-label">
            <p className="summary-card__total">
              <span id="cart-subtotal-label">{t("cart.subtotal")}</span>
              <output className="price price--large" aria-live="polite" data-testid="cart-subtotal">
                {formatSubtotal(subtotal, locale)}
              </output>
            </p>
            <FallbackRateNote date={subtotal.fallbackRateDate} />
            <p className="muted small">{t("cart.subtotalNote")}</p>
            <Link href="/checkout" className="button button--primary button--block">
              {t("cart.checkout")}
            </Link>
          </section>
        </div>
      )}
    </>
  );
}

function CartLineItem({
  line,
  disabled,
  onQuantity,
  onRemove,
}: {
  line: CartLine;
  disabled: boolean;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { product, quantity } = line;
  const titleId = `cart-line-${product.sku}`;
  const { price } = formatProductPrice(product, locale);
  const lineTotal =
    product.uzsPrice !== null
      ? (product.currency === "UZS" ? "" : "≈ ") + formatMoney(BigInt(product.uzsPrice) * BigInt(quantity), "UZS", locale)
      : formatMoney(BigInt(product.price) * BigInt(quantity), product.currency, locale);
  return (
    <article className="cart-line" aria-labelledby={titleId}>
      <ProductArt image={product.image} className="cart-line__art" />
      <div className="cart-line__info">
        <h2 id={titleId} className="cart-line__title">
          {product.title}
        </h2>
        <p className="muted small">{t("cart.each", { price })}</p>
      </div>
      <div className="cart-line__controls">
        <QuantityStepper quantity={quantity} onChange={onQuantity} disabled={disabled} />
        <p className="cart-line__total price">{lineTotal}</p>
        <button type="button" className="button button--link" onClick={onRemove} disabled={disabled}>
          {t("cart.remove")}
        </button>
      </div>
    </article>
  );
}

"use client";

import Link from "next/link";
import { useT } from "@/lib/i18n/client";
import { countItems } from "./cart-store";
import { useCart } from "./use-cart";

export function CartLink() {
  const t = useT();
  const { items } = useCart();
  const count = items ? countItems(items) : null;
  return (
    <Link href="/cart" className="cart-link">
      <svg className="cart-link__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          d="M3 4h2l2.4 10.2a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 8H6.2"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <circle cx="9" cy="19.5" r="1.5" fill="currentColor" />
        <circle cx="17" cy="19.5" r="1.5" fill="currentColor" />
      </svg>
      <span>{t("header.cart")}</span>
      {count !== null && count > 0 ? (
        <span className="cart-link__count" data-testid="cart-count">
          <span aria-hidden="true">{count}</span>
          <span className="visually-hidden">{`, ${t("header.cartCount", { count })}`}</span>
        </span>
      ) : null}
    </Link>
  );
}

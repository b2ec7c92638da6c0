"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import type { Provider } from "@/lib/payments/providers";
import { cartLines, cartSubtotal, formatSubtotal } from "../cart/cart-totals";
import { FallbackRateNote } from "../cart/fallback-rate-note";
import { useCart } from "../cart/use-cart";
import type { ShopProduct } from "@/lib/catalog/shop-product";
import { FieldError } from "../ui/field-error";
import { Spinner } from "../ui/spinner";
import { TextField } from "../ui/text-field";
import { useHydrated } from "../ui/use-hydrated";
import {
  errorsFromApi,
  formatPhoneForDisplay,
  orderRequestBody,
  validateCheckout,
  type CheckoutErrors,
  type CheckoutErrorTarget,
  type CheckoutValues,
} from "./checkout-fields";
import { OrderRequestError, postOrder } from "./post-order";
import { providerLabels } from "./provider-labels";

const fieldIds: Record<CheckoutErrorTarget, string> = {
  phone: "checkout-phone",
  email: "checkout-email",
  name: "checkout-name",
  items: "checkout-summary",
  form: "checkout-status",
};
const errorOrder: CheckoutErrorTarget[] = ["phone", "email", "name", "items", "form"];

export function CheckoutForm({ products, providers }: { products: ShopProduct[]; providers: Provider[] }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const hydrated = useHydrated();
  const { items, clear, retain } = useCart();
  const [values, setValues] = useState<CheckoutValues>({ phone: "", email: "", name: "" });
  const [method, setMethod] = useState<Provider | undefined>(providers[0]);
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [placed, setPlaced] = useState(false);
  // One POST at a time (a plain promise: react-query is not loaded on this page, issue 15 §4).
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);

  const knownSkus = useMemo(() => new Set(products.map((product) => product.sku)), [products]);
  useEffect(() => {
    if (items && !placed) retain(knownSkus);
  }, [items, knownSkus, retain, placed]);

  const lines = items ? cartLines(items, products) : [];

  async function placeOrder(body: unknown) {
    inFlight.current = true;
    setPending(true);
    try {
      const created = await postOrder(body);
      setPlaced(true);
      clear();
      const query = method ? `?method=${encodeURIComponent(method)}` : "";
      router.push(`/orders/${encodeURIComponent(created.id)}${query}`);
    } catch (error) {
      const next: CheckoutErrors =
        error instanceof OrderRequestError && error.kind === "validation"
          ? errorsFromApi(error.fields)
          : { form: error instanceof OrderRequestError && error.kind === "network" ? "checkout.error.network" : "checkout.error.generic" };
      showErrors(next);
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  function showErrors(next: CheckoutErrors) {
    setErrors(next);
    const first = errorOrder.find((target) => next[target]);
    if (first) document.getElementById(fieldIds[first])?.focus();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || placed) return;
    const found = validateCheckout(values);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    setErrors({});
    void placeOrder(orderRequestBody(lines, values, locale));
  }

  function field(name: keyof CheckoutValues) {
    return {
      id: fieldIds[name],
      name,
      value: values[name],
      onChange: (event: { target: { value: string } }) => {
        setValues((current) => ({ ...current, [name]: event.target.value }));
        if (errors[name]) setErrors(({ [name]: _fixed, ...rest }) => rest);
      },
      error: errors[name],
    };
  }

  if (placed) {
    return (
      <p className="notice" role="status">
        <Spinner /> {t("checkout.redirecting")}
      </p>
    );
  }
  if (items === null) return <p className="muted">{t("cart.loading")}</p>;
  if (lines.length === 0) {
    return (
      <div className="empty-state">
        <p>{t("cart.empty")}</p>
        <Link href="/" className="button button--primary">
          {t("cart.toCatalog")}
        </Link>
      </div>
    );
  }

  const subtotal = cartSubtotal(lines);
  const errorList = errorOrder.flatMap((target) => {
    const key = errors[target];
    return key ? [{ target, key }] : [];
  });

  return (
    <form className="checkout" onSubmit={onSubmit} noValidate aria-busy={pending || undefined}>
      <div id={fieldIds.form} className="form-status" aria-live="polite" tabIndex={-1}>
        {errorList.length > 0 ? (
          <div className="error-summary">
            <p className="error-summary__title">{t("checkout.errorsTitle")}</p>
            <ul>
              {errorList.map(({ target, key }) => (
                <li key={target}>
                  {target === "form" ? t(key) : <a href={`#${fieldIds[target]}`}>{t(key)}</a>}
                </li>
              ))}
            </ul>
          </div>
        ) : pending ? (
          <p className="visually-hidden">{t("checkout.submitting")}</p>
        ) : null}
      </div>

      <div className="checkout__main">
        <fieldset className="fieldset">
          <legend>{t("checkout.contact")}</legend>
          <TextField
            {...field("phone")}
            label={
              <>
                {t("checkout.phone")} <span aria-hidden="true" className="required">*</span>
              </>
            }
            hint={t("checkout.phoneHint")}
            className="input"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+998 90 123 45 67"
            required
            aria-required="true"
            onBlur={() => setValues((current) => ({ ...current, phone: formatPhoneForDisplay(current.phone) }))}
          />
          <TextField {...field("email")} label={t("checkout.email")} className="input" type="email" inputMode="email" autoComplete="email" />
          <TextField {...field("name")} label={t("checkout.name")} className="input" type="text" autoComplete="name" maxLength={100} />
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t("checkout.method")}</legend>
          {providers.length === 0 ? (
            <p className="muted">{t("checkout.noMethods")}</p>
          ) : (
            <div className="methods">
              {providers.map((provider) => (
                <label key={provider} className="method">
                  <input
                    type="radio"
                    name="method"
                    value={provider}
                    checked={method === provider}
                    onChange={() => setMethod(provider)}
                  />
                  <span className="method__label">{providerLabels[provider]}</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
      </div>

      <section id={fieldIds.items} className="summary-card checkout__summary" aria-labelledby="checkout-summary-title" tabIndex={-1}>
        <h2 id="checkout-summary-title" className="summary-card__title">
          {t("checkout.summary")}
        </h2>
        <ul className="summary-lines">
          {lines.map((line) => (
            <li key={line.sku}>
              <span>{line.product.title}</span>
              <span className="summary-lines__quantity">× {line.quantity}</span>
            </li>
          ))}
        </ul>
        <FieldError id={`${fieldIds.items}-error`} message={errors.items} />
        <p className="summary-card__total">
          <span>{t("cart.subtotal")}</span>
          <span className="price price--large">{formatSubtotal(subtotal, locale)}</span>
        </p>
        <FallbackRateNote date={subtotal.fallbackRateDate} />
        <p className="muted small">{t("cart.subtotalNote")}</p>
        <p>
          <Link href="/cart">{t("checkout.editCart")}</Link>
        </p>
        <button type="submit" className="button button--primary button--block" disabled={!hydrated || pending}>
          {pending ? (
            <>
              <Spinner /> {t("checkout.submitting")}
            </>
          ) : (
            t("checkout.submit")
          )}
        </button>
      </section>
    </form>
  );
}

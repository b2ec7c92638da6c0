"use client";

import { useSearchParams } from "next/navigation";
import type { ComponentType } from "react";
import type { Provider } from "@/lib/payments/providers";
import type { OrderSnapshot } from "../order/order-snapshot";
import { ClickButtons } from "../click/click-buttons";
import { PaymeButtons } from "../payme/payme-buttons";
import type { PaymeCardActions } from "../payme-card/card-actions";
import { PaymeCardPanel, PaymeCardSandbox } from "../payme-card/payme-card-panel";
import { RobokassaButton, RobokassaReturnNotice } from "../robokassa/robokassa-button";

/**
 * The server actions each provider's order-page UI calls. The order page (a server component in
 * app/) imports them and passes them down: client components never import app/.
 */
export type ProviderActions = {
  payme: PaymeCardActions;
};

/** What a provider shows on the order page. Both parts are optional. */
export type ProviderUi = {
  /** Above the payment choice, whatever the order's state (it shows its own result, e.g. the embedded card form). */
  Panel?: ComponentType<{ order: OrderSnapshot; actions: ProviderActions }>;
  /** The ways to pay on the provider's own pages, shown while the order is payable. */
  Buttons?: ComponentType<{ order: OrderSnapshot }>;
  /** Sandbox-only QA tools, in a marked "Sandbox" box apart from the payment section (renders nothing elsewhere). */
  Sandbox?: ComponentType<{ order: OrderSnapshot; actions: ProviderActions }>;
  /**
   * The Panel takes the payment on this page (an embedded form): it comes first, and every
   * provider's Buttons go under "Other ways to pay". Without one, the chosen provider's Buttons
   * come first.
   */
  embedded?: boolean;
};

/**
 * The UI counterpart of the provider registry (lib/payments/registry): provider name → its
 * order-page components. A provider without an entry shows the generic "pay on the provider's
 * page" placeholder. Adding a provider's UI is one line here.
 */
export const providerUi: Partial<Record<Provider, ProviderUi>> = {
  payme: { Panel: PaymePanel, Buttons: PaymeHostedButtons, Sandbox: PaymeSandbox, embedded: true },
  click: { Buttons: ClickHostedButtons },
  robokassa: { Panel: RobokassaPanel, Buttons: RobokassaHostedButtons },
};

/** Payme's embedded card form (Subscribe API). */
function PaymePanel({ order, actions }: { order: OrderSnapshot; actions: ProviderActions }) {
  return <PaymeCardPanel order={order} actions={actions.payme} />;
}

/** QA buttons for card payments (sandbox only). */
function PaymeSandbox({ order, actions }: { order: OrderSnapshot; actions: ProviderActions }) {
  return <PaymeCardSandbox order={order} actions={actions.payme} />;
}

/** Payme's hosted checkout: the button, the link and the QR code. */
function PaymeHostedButtons({ order }: { order: OrderSnapshot }) {
  return <PaymeButtons orderId={order.id} outstandingAmount={order.outstandingAmount} />;
}

/** Click's pay link (my.click.uz) and its QR code. */
function ClickHostedButtons({ order }: { order: OrderSnapshot }) {
  return <ClickButtons orderId={order.id} outstandingAmount={order.outstandingAmount} />;
}

/** Back from Robokassa's page through FailURL (`?robokassa=failed`): the payment did not go through. */
function RobokassaPanel() {
  return <RobokassaReturnNotice outcome={useSearchParams().get("robokassa")} />;
}

/** Robokassa's signed payment link. */
function RobokassaHostedButtons({ order }: { order: OrderSnapshot }) {
  return <RobokassaButton orderId={order.id} outstandingAmount={order.outstandingAmount} />;
}

/** The providers whose UI the order page shows: the one the shopper chose, or every one with UI. */
export function shownProviders(method: Provider | null): Provider[] {
  if (method !== null) return providerUi[method] ? [method] : [];
  return (Object.keys(providerUi) as Provider[]).filter((provider) => providerUi[provider] !== undefined);
}

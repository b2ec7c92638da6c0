import type { ProviderUrlSpec } from "../provider-urls";

/**
 * Click's hosts (docs/protocols/click.md). Click has no separate test platform: test mode uses
 * the production hosts with a test cashbox. The sandbox mounts Click under `/click` as Click
 * mounts it at its hosts' roots.
 */
export const clickPayUrlSpec: ProviderUrlSpec = {
  sandboxPath: "/click/services/pay",
  test: "https://my.click.uz/services/pay",
  live: "https://my.click.uz/services/pay",
  override: "CLICK_PAY_URL",
};

/** The Merchant API base (we call Click: status, reversal); paths are appended to it. */
export const clickApiUrlSpec: ProviderUrlSpec = {
  sandboxPath: "/click/v2/merchant",
  test: "https://api.click.uz/v2/merchant",
  live: "https://api.click.uz/v2/merchant",
  override: "CLICK_API_URL",
};

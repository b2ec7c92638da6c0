import { productionHostSpec } from "../provider-urls";

/**
 * Click's hosts (docs/protocols/click.md). Click has no separate test platform: test mode uses
 * the production hosts with a test cashbox. The sandbox mounts Click under `/click` as Click
 * mounts it at its hosts' roots.
 */
export const clickPayUrlSpec = productionHostSpec("CLICK_PAY_URL", "/click/services/pay", "https://my.click.uz/services/pay");

/** The Merchant API base (we call Click: status, reversal); paths are appended to it. */
export const clickApiUrlSpec = productionHostSpec("CLICK_API_URL", "/click/v2/merchant", "https://api.click.uz/v2/merchant");

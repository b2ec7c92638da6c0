import type { ProviderUrlSpec } from "../provider-urls";

/**
 * Robokassa's hosts (docs/protocols/robokassa.md). Test mode is the production host with
 * `IsTest=1` and the test passwords. The sandbox mounts Robokassa under `/robokassa`.
 */
export const robokassaPayUrlSpec: ProviderUrlSpec = {
  sandboxPath: "/robokassa/Merchant/Index.aspx",
  test: "https://auth.robokassa.ru/Merchant/Index.aspx",
  live: "https://auth.robokassa.ru/Merchant/Index.aspx",
  override: "ROBOKASSA_PAY_URL",
};

/**
 * The API base we call (OpStateExt under `/Merchant/WebService/Service.asmx`, refunds under
 * `services.robokassa.ru/RefundService`): the Robokassa code appends the paths.
 */
export const robokassaApiUrlSpec: ProviderUrlSpec = {
  sandboxPath: "/robokassa",
  test: "https://auth.robokassa.ru",
  live: "https://auth.robokassa.ru",
  override: "ROBOKASSA_API_URL",
};

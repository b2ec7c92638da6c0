import { productionHostSpec } from "../provider-urls";

/**
 * Robokassa's hosts (docs/protocols/robokassa.md). Test mode is the production host with
 * `IsTest=1` and the test passwords. The sandbox mounts Robokassa under `/robokassa`.
 */
export const robokassaPayUrlSpec = productionHostSpec("ROBOKASSA_PAY_URL", "/robokassa/Merchant/Index.aspx", "https://auth.robokassa.ru/Merchant/Index.aspx");

/**
 * The API base we call (OpStateExt under `/Merchant/WebService/Service.asmx`, refunds under
 * `services.robokassa.ru/RefundService`): the Robokassa code appends the paths.
 */
export const robokassaApiUrlSpec = productionHostSpec("ROBOKASSA_API_URL", "/robokassa", "https://auth.robokassa.ru");

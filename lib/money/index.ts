export {
  currencySchema,
  formatMoney,
  formatMoneyPlain,
  fromDecimalString,
  MoneyParseError,
  parseMoney,
  sumMoney,
  toDecimalString,
} from "./money";
export type { Currency, MoneyLocale, MoneyParseErrorCode } from "./money";
export {
  CBU_RATES_URL,
  cbuRatesResponse,
  convertPriceToTiyin,
  convertToTiyin,
  createRateSource,
  defaultRateSource,
  fallbackRatesSchema,
  RateFetchError,
  ratesFromCbu,
} from "./exchange-rates";
export type {
  CbuRatesResponse,
  ExchangeRate,
  FallbackRates,
  ForeignCurrency,
  RateFetchErrorCode,
  RateSource,
  RateSourceOptions,
} from "./exchange-rates";

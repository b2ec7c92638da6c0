import { z } from "zod";
import fallbackRatesFile from "./fallback-rates.json";
import type { Currency } from "./money";

export const CBU_RATES_URL = "https://cbu.uz/ru/arkhiv-kursov-valyut/json/";

const DEFAULT_TTL_MS = 3_600_000;
const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_RETRY_INTERVAL_MS = 60_000;
// Uzbekistan has no daylight saving time: Tashkent is always UTC+5.
const TASHKENT_OFFSET_MS = 5 * 3_600_000;

export type ForeignCurrency = Exclude<Currency, "UZS">;

const FOREIGN_CURRENCIES: readonly ForeignCurrency[] = ["USD", "EUR", "RUB"];

const positiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, "expected a decimal string like 12061.22")
  .refine((value) => /[1-9]/.test(value), "rate must be positive");

const cbuDate = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{4}$/, "expected dd.mm.yyyy")
  .refine((value) => isRealDate(cbuDateToIso(value)), "not a calendar date");

export const cbuRatesResponse = z.array(
  z.object({
    Ccy: z.string().regex(/^[A-Z]{3}$/),
    Nominal: z.string().regex(/^[1-9]\d*$/),
    Rate: positiveDecimal,
    Date: cbuDate,
  }),
);

export type CbuRatesResponse = z.infer<typeof cbuRatesResponse>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isRealDate, "not a calendar date");

const fallbackRate = z.object({ rate: positiveDecimal, date: isoDate });

export const fallbackRatesSchema = z.object({
  USD: fallbackRate,
  EUR: fallbackRate,
  RUB: fallbackRate,
});

export type FallbackRates = z.infer<typeof fallbackRatesSchema>;

export type ExchangeRate = {
  currency: Currency;
  /** UZS per 1 unit of `currency`: CBU's decimal string divided by `nominal`, exact. */
  rate: string;
  /** The nominal CBU quoted `Rate` for (e.g. "10"); "1" for fallback and UZS. */
  nominal: string;
  /** ISO yyyy-mm-dd, the date the rate is valid for. */
  date: string;
  /** "cbu" also when a failed refresh served the last good CBU rate: `date` shows its age. */
  source: "cbu" | "fallback";
};

export type RateFetchErrorCode =
  | "network"
  | "timeout"
  | "http_status"
  | "invalid_json"
  | "invalid_schema"
  | "no_supported_currency"
  | "unsupported_nominal";

export class RateFetchError extends Error {
  readonly code: RateFetchErrorCode;

  constructor(code: RateFetchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RateFetchError";
    this.code = code;
  }
}

export type RateSourceOptions = {
  url?: string;
  fetchImpl?: typeof fetch;
  ttlMs?: number;
  now?: () => number;
  fallback?: FallbackRates;
  timeoutMs?: number;
  /** Minimum pause after a failed fetch before CBU is asked again. */
  retryIntervalMs?: number;
  /** Told about every failed fetch; the caller still gets a fallback rate. */
  onError?: (error: RateFetchError) => void;
};

export type RateSource = {
  getRate(currency: Currency): Promise<ExchangeRate>;
  clear(): void;
};

type Decimal = { units: bigint; scale: number };

function parseDecimal(value: string): Decimal {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) {
    throw new RangeError(`Not a decimal rate: ${JSON.stringify(value)}`);
  }
  const fraction = match[2] ?? "";
  return { units: BigInt((match[1] ?? "") + fraction), scale: fraction.length };
}

function formatDecimal({ units, scale }: Decimal): string {
  if (scale === 0) {
    return units.toString();
  }
  const digits = units.toString().padStart(scale + 1, "0");
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * Divides CBU's rate by its nominal exactly. The quotient has a finite decimal expansion only
 * when the nominal's prime factors are 2 and 5 (CBU uses 1, 10, 100, 1000); anything else
 * would need rounding, which we refuse rather than store an inexact rate with an order.
 */
function rateForOneUnit(rate: string, nominal: string): string {
  const divisor = BigInt(nominal);
  if (divisor === 1n) {
    return rate;
  }
  let rest = divisor;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos += 1;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives += 1;
  }
  if (rest !== 1n) {
    throw new RateFetchError("unsupported_nominal", `CBU nominal ${nominal} does not divide the rate exactly`);
  }
  const extraScale = Math.max(twos, fives);
  const { units, scale } = parseDecimal(rate);
  let quotient: Decimal = { units: (units * 10n ** BigInt(extraScale)) / divisor, scale: scale + extraScale };
  // Drop the zeros the division added, keeping the precision CBU quoted.
  while (quotient.scale > scale && quotient.units % 10n === 0n) {
    quotient = { units: quotient.units / 10n, scale: quotient.scale - 1 };
  }
  return formatDecimal(quotient);
}

function cbuDateToIso(date: string): string {
  const [day, month, year] = date.split(".");
  return `${year}-${month}-${day}`;
}

function isRealDate(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}

function tashkentToday(nowMs: number): string {
  return new Date(nowMs + TASHKENT_OFFSET_MS).toISOString().slice(0, 10);
}

/** Maps a validated CBU answer to our rates; currencies we do not sell in are ignored. */
export function ratesFromCbu(response: CbuRatesResponse): Map<ForeignCurrency, ExchangeRate> {
  const rates = new Map<ForeignCurrency, ExchangeRate>();
  for (const entry of response) {
    const currency = FOREIGN_CURRENCIES.find((candidate) => candidate === entry.Ccy);
    if (!currency) {
      continue;
    }
    rates.set(currency, {
      currency,
      rate: rateForOneUnit(entry.Rate, entry.Nominal),
      nominal: entry.Nominal,
      date: cbuDateToIso(entry.Date),
      source: "cbu",
    });
  }
  return rates;
}

/**
 * Converts minor units of a foreign currency (cents, kopecks) to tiyin: both sides have two
 * minor digits, so tiyin = minor × rate. Computed exactly as a fraction of bigints and rounded
 * once, half up on the magnitude (half away from zero), so converting -x gives exactly
 * -(converting x) and a refund mirrors its charge.
 */
export function convertToTiyin(minor: bigint, rate: ExchangeRate): bigint {
  const { units, scale } = parseDecimal(rate.rate);
  const denominator = 10n ** BigInt(scale);
  const magnitude = (minor < 0n ? -minor : minor) * units;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return minor < 0n ? -rounded : rounded;
}

let parsedFallbackFile: FallbackRates | undefined;

function fallbackFromFile(): FallbackRates {
  parsedFallbackFile ??= fallbackRatesSchema.parse(fallbackRatesFile);
  return parsedFallbackFile;
}

export function createRateSource(options: RateSourceOptions = {}): RateSource {
  const url = options.url ?? (process.env.CBU_RATES_URL || CBU_RATES_URL);
  const fetchImpl = options.fetchImpl ?? fetch;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryIntervalMs = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const onError =
    options.onError ??
    ((error: RateFetchError) => console.warn(`CBU exchange rates unavailable, using fallback: ${error.message}`));
  const fallback = options.fallback ? fallbackRatesSchema.parse(options.fallback) : undefined;

  let fresh: { rates: Map<ForeignCurrency, ExchangeRate>; fetchedAt: number } | undefined;
  const lastGood = new Map<ForeignCurrency, ExchangeRate>();
  let lastFailureAt: number | undefined;
  let inFlight: Promise<void> | undefined;
  // Bumped by clear() so an answer requested before the clear cannot repopulate the cache.
  let generation = 0;

  async function download(): Promise<Map<ForeignCurrency, ExchangeRate>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetchImpl(url, { signal: controller.signal, headers: { accept: "application/json" } });
      } catch (error) {
        throw controller.signal.aborted
          ? new RateFetchError("timeout", `no answer from ${url} within ${timeoutMs} ms`, { cause: error })
          : new RateFetchError("network", `cannot reach ${url}`, { cause: error });
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new RateFetchError("http_status", `${url} answered HTTP ${response.status}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        throw controller.signal.aborted
          ? new RateFetchError("timeout", `no complete answer from ${url} within ${timeoutMs} ms`, { cause: error })
          : new RateFetchError("invalid_json", `${url} answered with something other than JSON`, { cause: error });
      }
      const parsed = cbuRatesResponse.safeParse(body);
      if (!parsed.success) {
        throw new RateFetchError("invalid_schema", `${url} answered in an unexpected shape: ${z.prettifyError(parsed.error)}`);
      }
      const rates = ratesFromCbu(parsed.data);
      if (rates.size === 0) {
        throw new RateFetchError("no_supported_currency", `${url} listed none of ${FOREIGN_CURRENCIES.join(", ")}`);
      }
      return rates;
    } finally {
      clearTimeout(timer);
    }
  }

  async function refresh(): Promise<void> {
    const startedIn = generation;
    try {
      const rates = await download();
      if (startedIn !== generation) {
        return;
      }
      fresh = { rates, fetchedAt: now() };
      for (const [currency, rate] of rates) {
        lastGood.set(currency, rate);
      }
      lastFailureAt = undefined;
    } catch (error) {
      if (startedIn === generation) {
        lastFailureAt = now();
      }
      onError(
        error instanceof RateFetchError
          ? error
          : new RateFetchError("network", `fetching ${url} failed`, { cause: error }),
      );
    }
  }

  function isFresh(): boolean {
    return fresh !== undefined && now() - fresh.fetchedAt < ttlMs;
  }

  function mayRetry(): boolean {
    return lastFailureAt === undefined || now() - lastFailureAt >= retryIntervalMs;
  }

  function fallbackRate(currency: ForeignCurrency): ExchangeRate {
    const entry = (fallback ?? fallbackFromFile())[currency];
    return { currency, rate: entry.rate, nominal: "1", date: entry.date, source: "fallback" };
  }

  async function getRate(currency: Currency): Promise<ExchangeRate> {
    if (currency === "UZS") {
      return { currency, rate: "1", nominal: "1", date: tashkentToday(now()), source: "cbu" };
    }
    // Everything up to the shared promise is synchronous, so concurrent callers join one request.
    if (!inFlight && !isFresh() && mayRetry()) {
      const request = refresh().finally(() => {
        if (inFlight === request) {
          inFlight = undefined;
        }
      });
      inFlight = request;
    }
    if (inFlight) {
      await inFlight;
    }
    const current = isFresh() ? fresh?.rates.get(currency) : undefined;
    return current ?? lastGood.get(currency) ?? fallbackRate(currency);
  }

  function clear(): void {
    generation += 1;
    fresh = undefined;
    lastGood.clear();
    lastFailureAt = undefined;
    inFlight = undefined;
  }

  return { getRate, clear };
}

let sharedRateSource: RateSource | undefined;

function shared(): RateSource {
  sharedRateSource ??= createRateSource();
  return sharedRateSource;
}

/** The process-wide rate source, created on first use so nothing is read or fetched at import. */
export const defaultRateSource: RateSource = {
  getRate: (currency) => shared().getRate(currency),
  clear: () => shared().clear(),
};

/**
 * A catalog price in another currency as shops in Uzbekistan price it: converted at `rate`,
 * rounded to whole so'm (half up). Orders charge this; the storefront's estimate shows it.
 */
export function convertPriceToTiyin(minor: bigint, rate: ExchangeRate): bigint {
  return ((convertToTiyin(minor, rate) + 50n) / 100n) * 100n;
}

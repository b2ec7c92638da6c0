import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fallbackRatesFile from "./fallback-rates.json";
import {
  cbuRatesResponse,
  convertToTiyin,
  createRateSource,
  type ExchangeRate,
  type FallbackRates,
  RateFetchError,
  type RateSourceOptions,
  ratesFromCbu,
} from "./exchange-rates";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

type CbuServer = {
  url: string;
  requests: () => number;
  respondWith: (handler: Handler) => void;
  close: () => Promise<void>;
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

function cbuEntry(ccy: string, rate: string, nominal = "1", date = "21.11.2026") {
  return {
    id: 69,
    Code: "840",
    Ccy: ccy,
    CcyNm_RU: "Доллар США",
    CcyNm_UZ: "AQSH dollari",
    CcyNm_UZC: "АҚШ доллари",
    CcyNm_EN: "US Dollar",
    Nominal: nominal,
    Rate: rate,
    Diff: "-23.57",
    Date: date,
  };
}

const NOVEMBER_21 = [
  cbuEntry("USD", "12061.22"),
  cbuEntry("EUR", "13952.18"),
  cbuEntry("RUB", "152.91"),
  cbuEntry("GBP", "15800.11"),
];

function json(body: unknown, status = 200): Handler {
  return (_request, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
}

function raw(body: string, status: number, contentType = "text/html"): Handler {
  return (_request, response) => {
    response.writeHead(status, { "content-type": contentType });
    response.end(body);
  };
}

// Holds the request open: the client's timeout must give up on its own.
const neverAnswer: Handler = () => {};

async function startCbuServer(): Promise<CbuServer> {
  let handler: Handler = json(NOVEMBER_21);
  let count = 0;
  const server: Server = createServer((request, response) => {
    count += 1;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ru/arkhiv-kursov-valyut/json/`,
    requests: () => count,
    respondWith: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

describe("rate source against a CBU-shaped HTTP server", () => {
  let cbu: CbuServer;
  let clock: number;
  let errors: RateFetchError[];

  beforeEach(async () => {
    cbu = await startCbuServer();
    clock = Date.UTC(2026, 10, 21, 9, 0, 0);
    errors = [];
  });

  afterEach(async () => {
    await cbu.close();
  });

  function source(options: RateSourceOptions = {}) {
    return createRateSource({
      url: cbu.url,
      now: () => clock,
      onError: (error) => errors.push(error),
      ...options,
    });
  }

  it("fetches nothing until a rate is asked for", async () => {
    const rates = source();
    expect(cbu.requests()).toBe(0);
    await rates.getRate("UZS");
    expect(cbu.requests()).toBe(0);
  });

  it("parses CBU's answer and converts with it", async () => {
    const rates = source();
    const usd = await rates.getRate("USD");
    expect(usd).toEqual({ currency: "USD", rate: "12061.22", nominal: "1", date: "2026-11-21", source: "cbu" });
    expect(convertToTiyin(1250n, usd)).toBe(15_076_525n);

    const eur = await rates.getRate("EUR");
    expect(eur.rate).toBe("13952.18");
    expect(convertToTiyin(100n, eur)).toBe(1_395_218n);
    expect(errors).toEqual([]);
  });

  it("gives UZS the identity rate without asking CBU", async () => {
    const rates = source();
    const uzs = await rates.getRate("UZS");
    expect(uzs).toMatchObject({ currency: "UZS", rate: "1", nominal: "1", date: "2026-11-21" });
    expect(convertToTiyin(125_000_050n, uzs)).toBe(125_000_050n);
    expect(cbu.requests()).toBe(0);
  });

  it("serves every currency from one request within the TTL", async () => {
    const rates = source();
    await rates.getRate("USD");
    clock += HOUR - 1;
    await rates.getRate("EUR");
    await rates.getRate("RUB");
    await rates.getRate("USD");
    expect(cbu.requests()).toBe(1);
  });

  it("refetches once the TTL has passed", async () => {
    const rates = source({ ttlMs: 10 * MINUTE });
    expect((await rates.getRate("USD")).rate).toBe("12061.22");

    cbu.respondWith(json([cbuEntry("USD", "12100.05", "1", "22.11.2026")]));
    clock += 10 * MINUTE;
    const next = await rates.getRate("USD");
    expect(next).toMatchObject({ rate: "12100.05", date: "2026-11-22", source: "cbu" });
    expect(cbu.requests()).toBe(2);
  });

  it("lets concurrent callers share one in-flight request", async () => {
    const rates = source();
    const results = await Promise.all([
      rates.getRate("USD"),
      rates.getRate("EUR"),
      rates.getRate("RUB"),
      rates.getRate("USD"),
    ]);
    expect(results.map((rate) => rate.rate)).toEqual(["12061.22", "13952.18", "152.91", "12061.22"]);
    expect(cbu.requests()).toBe(1);
  });

  describe("falls back to the last good value", () => {
    async function primedSource(): Promise<ReturnType<typeof source>> {
      const rates = source({ timeoutMs: 200 });
      await rates.getRate("USD");
      clock += HOUR;
      return rates;
    }

    it("when CBU answers 500", async () => {
      const rates = await primedSource();
      cbu.respondWith(raw("Internal Server Error", 500, "text/plain"));
      const usd = await rates.getRate("USD");
      expect(usd).toEqual({ currency: "USD", rate: "12061.22", nominal: "1", date: "2026-11-21", source: "cbu" });
      expect(cbu.requests()).toBe(2);
      expect(errors.map((error) => error.code)).toEqual(["http_status"]);
    });

    it("when CBU answers with something that is not JSON", async () => {
      const rates = await primedSource();
      cbu.respondWith(raw("<html>maintenance</html>", 200));
      expect(await rates.getRate("EUR")).toMatchObject({ rate: "13952.18", date: "2026-11-21", source: "cbu" });
      expect(errors.map((error) => error.code)).toEqual(["invalid_json"]);
    });

    it("when the JSON does not match CBU's schema", async () => {
      const rates = await primedSource();
      cbu.respondWith(json([{ ...cbuEntry("USD", "12,100.05") }]));
      expect(await rates.getRate("USD")).toMatchObject({ rate: "12061.22", source: "cbu" });
      expect(errors.map((error) => error.code)).toEqual(["invalid_schema"]);
    });

    it("when CBU does not answer in time", async () => {
      const rates = await primedSource();
      cbu.respondWith(neverAnswer);
      expect(await rates.getRate("RUB")).toMatchObject({ rate: "152.91", source: "cbu" });
      expect(errors.map((error) => error.code)).toEqual(["timeout"]);
    });
  });

  it("uses the fallback file when nothing was ever fetched", async () => {
    cbu.respondWith(raw("Bad Gateway", 502));
    const rates = source();
    const usd = await rates.getRate("USD");
    expect(usd).toEqual({
      currency: "USD",
      rate: fallbackRatesFile.USD.rate,
      nominal: "1",
      date: fallbackRatesFile.USD.date,
      source: "fallback",
    });
    expect((await rates.getRate("RUB")).source).toBe("fallback");
    expect(errors.map((error) => error.code)).toEqual(["http_status"]);
  });

  it("uses injected fallback rates in preference to the file", async () => {
    cbu.respondWith(raw("Bad Gateway", 502));
    const fallback: FallbackRates = {
      USD: { rate: "12000", date: "2026-11-01" },
      EUR: { rate: "13000", date: "2026-11-01" },
      RUB: { rate: "150", date: "2026-11-01" },
    };
    const eur = await source({ fallback }).getRate("EUR");
    expect(eur).toMatchObject({ rate: "13000", date: "2026-11-01", source: "fallback" });
  });

  it("reports an unreachable server as a network error and falls back", async () => {
    const url = cbu.url;
    await cbu.close();
    const rates = createRateSource({ url, now: () => clock, onError: (error) => errors.push(error) });
    expect((await rates.getRate("USD")).source).toBe("fallback");
    expect(errors.map((error) => error.code)).toEqual(["network"]);
    cbu = await startCbuServer();
  });

  it("asks CBU again at most once a minute after a failure", async () => {
    cbu.respondWith(raw("Service Unavailable", 503));
    const rates = source();
    await rates.getRate("USD");
    expect(cbu.requests()).toBe(1);

    clock += 30_000;
    expect((await rates.getRate("EUR")).source).toBe("fallback");
    clock += 29_999;
    await rates.getRate("USD");
    expect(cbu.requests()).toBe(1);

    cbu.respondWith(json(NOVEMBER_21));
    clock += 1;
    expect(await rates.getRate("USD")).toMatchObject({ rate: "12061.22", source: "cbu" });
    expect(cbu.requests()).toBe(2);
  });

  it("divides the rate by a nominal above one", async () => {
    cbu.respondWith(json([cbuEntry("USD", "12061.22"), cbuEntry("RUB", "1527.30", "10")]));
    const rub = await source().getRate("RUB");
    expect(rub).toEqual({ currency: "RUB", rate: "152.73", nominal: "10", date: "2026-11-21", source: "cbu" });
    // 10.00 RUB at 1527.30 UZS per 10 RUB = 1527.30 UZS.
    expect(convertToTiyin(1000n, rub)).toBe(152_730n);
  });

  it("refuses a nominal that cannot divide the rate exactly", async () => {
    cbu.respondWith(json([cbuEntry("RUB", "100", "3")]));
    const rub = await source().getRate("RUB");
    expect(rub.source).toBe("fallback");
    expect(errors.map((error) => error.code)).toEqual(["unsupported_nominal"]);
  });

  it("takes the URL from CBU_RATES_URL when none is given", async () => {
    const previous = process.env.CBU_RATES_URL;
    process.env.CBU_RATES_URL = cbu.url;
    try {
      const rates = createRateSource({ now: () => clock, onError: (error) => errors.push(error) });
      expect((await rates.getRate("USD")).source).toBe("cbu");
      expect(cbu.requests()).toBe(1);
    } finally {
      if (previous === undefined) {
        delete process.env.CBU_RATES_URL;
      } else {
        process.env.CBU_RATES_URL = previous;
      }
    }
  });

  it("clear() forgets cached rates so the next call fetches again", async () => {
    const rates = source();
    await rates.getRate("USD");
    rates.clear();
    cbu.respondWith(json([cbuEntry("USD", "12222.00")]));
    expect((await rates.getRate("USD")).rate).toBe("12222.00");
    expect(cbu.requests()).toBe(2);
  });

  it("clear() discards an answer that was requested before it", async () => {
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release: () => void = () => {};
    cbu.respondWith((request, response) => {
      release = () => json([cbuEntry("USD", "11111.11")])(request, response);
      arrived();
    });
    const rates = source();
    const pending = rates.getRate("USD");
    await requestArrived;
    rates.clear();
    release();
    expect((await pending).source).toBe("fallback");

    cbu.respondWith(json(NOVEMBER_21));
    expect(await rates.getRate("USD")).toMatchObject({ rate: "12061.22", source: "cbu" });
    expect(cbu.requests()).toBe(2);
  });
});

describe("cbuRatesResponse", () => {
  it("accepts CBU's shape including fields we do not use", () => {
    const parsed = cbuRatesResponse.parse(NOVEMBER_21);
    expect(parsed[0]).toMatchObject({ Ccy: "USD", Nominal: "1", Rate: "12061.22", Date: "21.11.2026" });
  });

  it.each([
    ["a comma in Rate", { Rate: "12061,22" }],
    ["a zero Rate", { Rate: "0.00" }],
    ["a zero Nominal", { Nominal: "0" }],
    ["an ISO Date", { Date: "2026-11-21" }],
    ["an impossible Date", { Date: "31.02.2026" }],
    ["a lowercase Ccy", { Ccy: "usd" }],
    ["a numeric Rate", { Rate: 12061.22 }],
  ])("rejects %s", (_label, override) => {
    expect(cbuRatesResponse.safeParse([{ ...cbuEntry("USD", "12061.22"), ...override }]).success).toBe(false);
  });

  it("ratesFromCbu keeps only the currencies we sell in", () => {
    const rates = ratesFromCbu(cbuRatesResponse.parse(NOVEMBER_21));
    expect([...rates.keys()]).toEqual(["USD", "EUR", "RUB"]);
  });

  it("ratesFromCbu keeps the precision CBU quoted when dividing by a nominal", () => {
    const rates = ratesFromCbu(
      cbuRatesResponse.parse([
        cbuEntry("USD", "1527.35", "10"),
        cbuEntry("EUR", "1000", "100"),
        cbuEntry("RUB", "12.5", "4"),
      ]),
    );
    expect(rates.get("USD")?.rate).toBe("152.735");
    expect(rates.get("EUR")?.rate).toBe("10");
    expect(rates.get("RUB")?.rate).toBe("3.125");
  });
});

describe("convertToTiyin", () => {
  function usdAt(rate: string): ExchangeRate {
    return { currency: "USD", rate, nominal: "1", date: "2026-11-21", source: "cbu" };
  }

  it("multiplies exactly: 12.50 USD at 12061.22 is 150 765.25 UZS", () => {
    expect(convertToTiyin(1250n, usdAt("12061.22"))).toBe(15_076_525n);
  });

  it("rounds half up on the magnitude", () => {
    expect(convertToTiyin(1n, usdAt("0.5"))).toBe(1n);
    expect(convertToTiyin(1n, usdAt("0.49"))).toBe(0n);
    expect(convertToTiyin(1n, usdAt("152.5"))).toBe(153n);
    expect(convertToTiyin(1n, usdAt("152.499"))).toBe(152n);
    expect(convertToTiyin(2n, usdAt("0.25"))).toBe(1n);
    expect(convertToTiyin(3n, usdAt("0.1666"))).toBe(0n);
    expect(convertToTiyin(3n, usdAt("0.1667"))).toBe(1n);
  });

  it("converts a negative amount to exactly the negative of the positive one", () => {
    expect(convertToTiyin(-1n, usdAt("0.5"))).toBe(-1n);
    expect(convertToTiyin(-1250n, usdAt("12061.22"))).toBe(-15_076_525n);
    expect(convertToTiyin(-1n, usdAt("152.735"))).toBe(-convertToTiyin(1n, usdAt("152.735")));
  });

  it("stays exact for amounts beyond Number.MAX_SAFE_INTEGER", () => {
    expect(convertToTiyin(9_007_199_254_740_993n, usdAt("12061.22"))).toBe(108_637_811_795_267_159_591n);
  });

  it("converts zero to zero", () => {
    expect(convertToTiyin(0n, usdAt("12061.22"))).toBe(0n);
  });
});

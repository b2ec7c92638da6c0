import { createServer, type Server } from "node:http";
import { freePort } from "./ports";

export type CbuRate = { ccy: string; rate: string; nominal?: string; date?: string };

export type CbuServer = {
  /** Use as CBU_RATES_URL. */
  url: string;
  /** How many requests it answered. */
  requests(): number;
  close(): Promise<void>;
};

const names: Record<string, [string, string, string]> = {
  USD: ["840", "Доллар США", "US Dollar"],
  EUR: ["978", "Евро", "Euro"],
  RUB: ["643", "Российский рубль", "Russian Ruble"],
  GBP: ["826", "Фунт стерлингов", "Pound Sterling"],
};

/** One entry in the shape of cbu.uz's JSON (`/ru/arkhiv-kursov-valyut/json/`). */
export function cbuEntry({ ccy, rate, nominal = "1", date = "21.11.2026" }: CbuRate, index = 0) {
  const [code, nameRu, nameEn] = names[ccy] ?? ["000", ccy, ccy];
  return {
    id: 69 + index,
    Code: code,
    Ccy: ccy,
    CcyNm_RU: nameRu,
    CcyNm_UZ: nameEn,
    CcyNm_UZC: nameRu,
    CcyNm_EN: nameEn,
    Nominal: nominal,
    Rate: rate,
    Diff: "-23.57",
    Date: date,
  };
}

/** A local HTTP server that answers like cbu.uz with the given rates. */
export async function startCbuServer(rates: CbuRate[]): Promise<CbuServer> {
  const body = JSON.stringify(rates.map((rate, index) => cbuEntry(rate, index)));
  let count = 0;
  const server: Server = createServer((_request, response) => {
    count += 1;
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    response.end(body);
  });
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (listening) {
      return {
        url: `http://127.0.0.1:${port}/ru/arkhiv-kursov-valyut/json/`,
        requests: () => count,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }
    if (attempt >= 5) throw new Error("the CBU test server found no free port");
  }
}

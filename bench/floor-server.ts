// The benchmark's FLOOR: the Merchant API's own code (handleMerchantRequest with
// createMerchantDeps, the same SQL layer) behind a bare node:http server, nothing else in the
// process. Bench-only; started by bench/merchant-api.ts as a child process.
//   DATABASE_URL, APP_SECRET, PORT (HOST defaults to 127.0.0.1)
import { createServer } from "node:http";
import { createSql } from "../lib/db/sql";
import { handleMerchantRequest } from "../lib/payments/payme/merchant-api/dispatch";
import { createMerchantDeps } from "../lib/payments/payme/merchant-api/service";

const { DATABASE_URL, APP_SECRET, PORT, HOST = "127.0.0.1" } = process.env;
if (!DATABASE_URL || !APP_SECRET || !PORT) {
  console.error("floor-server needs DATABASE_URL, APP_SECRET and PORT");
  process.exit(2);
}

const sql = createSql(DATABASE_URL);
const deps = createMerchantDeps(sql, APP_SECRET);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(",") : value;
    };
    void handleMerchantRequest(
      {
        httpMethod: req.method ?? "GET",
        authorization: header("authorization"),
        forwardedFor: header("x-forwarded-for"),
        remoteAddress: req.socket.remoteAddress,
        body: Buffer.concat(chunks).toString("utf8"),
      },
      deps,
    ).then((response) => {
      const text = JSON.stringify(response);
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(PORT), HOST, () => console.log(`floor listening on http://${HOST}:${PORT}`));

const stop = () => server.close(() => void sql.close().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

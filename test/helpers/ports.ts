import { createServer } from "node:net";

// Ports we start things on: ≥ 3800, and clear of the fixed ports people use by hand (3000/3001)
// and of the Playwright store (3900…3999).
const FIRST_PORT = 4000;
const LAST_PORT = 9999;

const handedOut = new Set<number>();

/**
 * Ports in our range that fetch (undici) and Chromium refuse to connect to (the WHATWG "bad
 * ports" list): a store on 5060 serves, yet no test can reach it.
 */
const BAD_PORTS = new Set([4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697]);

/** Whether nothing listens on `port` (checked by binding it for a moment). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A free port whose next port is free too (the store's sandbox server defaults to PORT + 1).
 * Random within the range so parallel test files rarely race for the same one; callers that
 * lose a race anyway retry (see startApp).
 */
export async function freePort(options: { pair?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = FIRST_PORT + Math.floor(Math.random() * (LAST_PORT - FIRST_PORT));
    if (handedOut.has(port) || (options.pair && handedOut.has(port + 1))) continue;
    if (BAD_PORTS.has(port) || BAD_PORTS.has(port + 1)) continue;
    if (!(await isPortFree(port))) continue;
    if (options.pair && !(await isPortFree(port + 1))) continue;
    handedOut.add(port);
    if (options.pair) handedOut.add(port + 1);
    return port;
  }
  throw new Error(`no free port found between ${FIRST_PORT} and ${LAST_PORT}`);
}

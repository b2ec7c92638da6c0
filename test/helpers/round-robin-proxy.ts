// A small HTTP proxy that spreads requests over several store instances in turn, as a load
// balancer in front of two processes would: each request goes to the next upstream, its body
// and answer passed through unchanged. Counts what each upstream served.
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RoundRobinProxy = {
  url: string;
  /** Requests forwarded to each upstream, in the order given. */
  served(): number[];
  close(): Promise<void>;
};

/** Starts the proxy on a free port of 127.0.0.1 in front of `upstreams` (base URLs, `http://host:port`). */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error("a proxy needs at least one upstream");
  const targets = upstreams.map((url) => new URL(url));
  const served = targets.map(() => 0);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const index = next;
    next = (next + 1) % targets.length;
    served[index]! += 1;
    const target = targets[index]!;
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
        agent,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain" });
      outgoing.end("bad gateway");
    });
    incoming.pipe(forwarded);
  });
  // As the store's own server: an idle keep-alive connection is not closed under a client that is
  // about to reuse it (which the client would see as ECONNRESET); a burst of connections queues.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => [...served],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

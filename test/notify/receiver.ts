import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Captured {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this many ms (to exercise client timeouts). */
  delayMs?: number;
}

export interface Receiver {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: Captured[];
  close(): Promise<void>;
}

/**
 * A local HTTP receiver on 127.0.0.1 that records every request and answers from a script (the last reply repeats).
 * `reply` may also compute the answer from the request.
 */
export async function startReceiver(script: Reply[] | ((req: Captured, n: number) => Reply)): Promise<Receiver> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const cap: Captured = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(cap);
      const n = requests.length;
      const r = typeof script === "function" ? script(cap, n) : script[Math.min(n, script.length) - 1];
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(r.status, { "content-type": "text/plain", ...(r.headers ?? {}) });
        res.end(r.body ?? "");
      };
      if (r.delayMs) setTimeout(answer, r.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

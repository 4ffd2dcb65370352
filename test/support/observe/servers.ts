import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/*
 * A real Pushgateway and a real Alertmanager (Debian packages, installed by scripts/setup-prometheus.sh) on
 * 127.0.0.1, and a plain HTTP receiver (Grafana's annotations API stand-in, Alertmanager's webhook target).
 * Every `stop()` kills the process and deletes its files; a process-exit hook kills leftovers.
 */

const REPO_ROOT = path.resolve(__dirname, "../../..");
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of running) p.kill("SIGKILL");
});

export interface Started {
  url: string;
  stop(): Promise<void>;
}

function ensureInstalled(bin: string): void {
  if (spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0) return;
  const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/setup-prometheus.sh")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${bin} missing and scripts/setup-prometheus.sh failed: ${r.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startBinary(
  bin: string,
  args: (port: number, dir: string) => string[],
  ready: string,
): Promise<Started> {
  ensureInstalled(bin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `np-${bin}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, args(port, dir), { stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const stop = async () => {
    if (running.delete(child)) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill("SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const gone = await Promise.race([
      exited.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 200)),
    ]);
    if (gone) {
      await stop();
      throw new Error(`${bin} exited before it was ready: ${stderr}`);
    }
    try {
      const res = await fetch(`${url}${ready}`);
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${bin} not ready after 30 s: ${stderr}`);
    }
  }
}

export function startPushgateway(): Promise<Started> {
  return startBinary("prometheus-pushgateway", (port) => [`--web.listen-address=127.0.0.1:${port}`], "/-/ready");
}

/** Alertmanager routing every alert to `webhookUrl` at once (group_wait 0 s). */
export function startAlertmanager(webhookUrl: string): Promise<Started> {
  return startBinary(
    "prometheus-alertmanager",
    (port, dir) => {
      const config = path.join(dir, "alertmanager.yml");
      fs.writeFileSync(
        config,
        [
          "route:",
          "  receiver: hook",
          "  group_by: [alertname, stack]",
          "  group_wait: 0s",
          "  group_interval: 1s",
          "  repeat_interval: 1h",
          "receivers:",
          "  - name: hook",
          "    webhook_configs:",
          `      - url: ${webhookUrl}`,
          "        send_resolved: true",
          "",
        ].join("\n"),
      );
      return [
        `--config.file=${config}`,
        `--storage.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--cluster.listen-address=",
      ];
    },
    "/-/ready",
  );
}

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP server on 127.0.0.1 that records every request and answers `status` (default 200, `{}`). */
export async function startReceiver(status = 200): Promise<Started & { requests: Received[] }> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res
        .writeHead(status, { "Content-Type": "application/json" })
        .end(status === 200 ? '{"id":1}' : '{"message":"no"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

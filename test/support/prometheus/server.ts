import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { toOpenMetrics, type GeneratedSeries } from "./openMetrics";

/*
 * A real Prometheus for tests: generated series are backfilled with promtool into a fresh TSDB, then a
 * server is started on 127.0.0.1:<free port> over it. `stop()` kills it and deletes the data; call it in
 * afterAll (it is safe to call twice, and a process-exit hook kills leftovers).
 */

export interface StartedPrometheus {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  /** Timings of the set-up, for benchmarks. */
  timings: { writeMs: number; backfillMs: number; startMs: number };
  stop(): Promise<void>;
}

export interface StartOptions {
  series: readonly GeneratedSeries[];
  /** Extra server flags (e.g. `--query.lookback-delta=2m`). */
  extraArgs?: readonly string[];
  readyTimeoutMs?: number;
}

const REPO_ROOT = path.resolve(__dirname, "../../..");
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of running) p.kill("SIGKILL");
});

/** Installs Debian's prometheus package through scripts/setup-prometheus.sh when the binaries are missing. */
export function ensurePrometheusInstalled(): void {
  const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
  if (has("prometheus") && has("promtool")) return;
  const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/setup-prometheus.sh")], { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `prometheus/promtool missing and scripts/setup-prometheus.sh failed (exit ${r.status}):\n${r.stderr}`,
    );
}

export async function startPrometheus(options: StartOptions): Promise<StartedPrometheus> {
  ensurePrometheusInstalled();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "neuropilot-prom-"));
  const t0 = performance.now();
  const omFile = path.join(dataDir, "history.om");
  await fs.writeFile(omFile, toOpenMetrics(options.series));
  const t1 = performance.now();
  const tsdb = path.join(dataDir, "tsdb");
  await run("promtool", [
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    "--quiet",
    "--max-block-duration=24h",
    omFile,
    tsdb,
  ]);
  await fs.rm(omFile);
  const t2 = performance.now();
  const configFile = path.join(dataDir, "prometheus.yml");
  await fs.writeFile(configFile, "global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\nscrape_configs: []\n");

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      "prometheus",
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${tsdb}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Backfilled blocks must be inside retention: keep a year of data.
        "--storage.tsdb.retention.time=365d",
        "--log.level=warn",
        ...(options.extraArgs ?? []),
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    running.add(child);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
      await fs.rm(dataDir, { recursive: true, force: true });
    };
    try {
      await waitReady(url, exited, options.readyTimeoutMs ?? 30_000);
      return {
        url,
        dataDir,
        timings: { writeMs: t1 - t0, backfillMs: t2 - t1, startMs: performance.now() - t2 },
        stop,
      };
    } catch (e) {
      lastError = new Error(`${(e as Error).message}\nprometheus stderr:\n${stderr}`);
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      running.delete(child);
      if (!/address already in use/.test(stderr)) break;
    }
  }
  await fs.rm(dataDir, { recursive: true, force: true });
  throw lastError;
}

async function waitReady(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`prometheus exited before becoming ready at ${url}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus at ${url} not ready after ${timeoutMs} ms`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${err}`)),
    );
  });
}

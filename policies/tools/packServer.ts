import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { StackResource } from "../../infra/resources";

/*
 * Runs the policy pack the way the Node language host does for `--policy-pack policies` (@pulumi/pulumi's
 * cmd/run-policy-pack with `<engine address> <pack dir>`, cwd = pack dir, stack config in PULUMI_CONFIG) and
 * speaks the engine's side of the analyzer protocol. For tests and the benchmark; the engine itself needs none of it.
 */

export const PACK_DIR = path.resolve(__dirname, "..");

/** A running pack process and a client connected to its analyzer server. */
export interface PackServer {
  client: AnalyzerClient;
  stop(): void;
}

/** The stack config as the engine serialises it for the pack: `namespace:key` → string (lists/objects as JSON). */
export function pulumiConfigJson(raw: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
  );
}

/** Starts the pack; resolves once it printed its port (rejects with its stderr if it exits or takes > timeoutMs). */
export function startPackServer(env: Readonly<Record<string, string>>, timeoutMs = 45_000): Promise<PackServer> {
  const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [runner, "127.0.0.1:1", PACK_DIR], {
      cwd: PACK_DIR,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`policy pack ${why}; stderr: ${err.trim()}`));
    };
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const client = new AnalyzerClient(`127.0.0.1:${m[1]}`, grpc.credentials.createInsecure());
      resolve({
        client,
        stop: () => {
          client.close();
          child.kill();
        },
      });
    });
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => fail(`exited with code ${code}`));
  });
}

/** Promise form of a unary analyzer call. */
export function unary<Req, Res>(
  fn: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, (e, r) => (e ? reject(e) : resolve(r))));
}

/** The engine's four analyzer calls, typed. */
export const calls = {
  info: (c: AnalyzerClient) => unary<Empty, analyzer.AnalyzerInfo>(c.getAnalyzerInfo.bind(c), new Empty()),
  configure: (c: AnalyzerClient, r: analyzer.ConfigureAnalyzerRequest) =>
    unary<analyzer.ConfigureAnalyzerRequest, Empty>(c.configure.bind(c), r),
  analyze: (c: AnalyzerClient, r: analyzer.AnalyzeRequest) =>
    unary<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(c.analyze.bind(c), r),
  analyzeStack: (c: AnalyzerClient, r: analyzer.AnalyzeStackRequest) =>
    unary<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(c.analyzeStack.bind(c), r),
};

function struct(props: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** The engine's per-resource request for a resource. */
export function analyzeRequest(r: StackResource): analyzer.AnalyzeRequest {
  return new analyzer.AnalyzeRequest()
    .setType(r.type)
    .setName(r.name)
    .setUrn(r.urn)
    .setProperties(struct(r.props))
    .setOptions(new analyzer.AnalyzerResourceOptions());
}

/** The engine's stack request, with property dependencies as URNs. */
export function analyzeStackRequest(resources: readonly StackResource[]): analyzer.AnalyzeStackRequest {
  return new analyzer.AnalyzeStackRequest().setResourcesList(
    resources.map((r) => {
      const ar = new analyzer.AnalyzerResource()
        .setType(r.type)
        .setName(r.name)
        .setUrn(r.urn)
        .setProperties(struct(r.props))
        .setOptions(new analyzer.AnalyzerResourceOptions());
      for (const [k, deps] of Object.entries(r.propertyDependencies ?? {}))
        ar.getPropertydependenciesMap().set(
          k,
          new analyzer.AnalyzerPropertyDependencies().setUrnsList(deps.map((d) => d.urn)),
        );
      return ar;
    }),
  );
}

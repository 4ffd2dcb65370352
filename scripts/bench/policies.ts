import { performance } from "node:perf_hooks";
import { ALL_POLICIES } from "../../policies/all";
import { policyConfigFor } from "../../policies/config";
import { evaluatePolicies } from "../../policies/evaluate";
import { stackResourcesFromRegistered } from "../../policies/lib/registered";
import type { StackResource } from "../../infra/resources";
import {
  analyzeRequest,
  analyzeStackRequest,
  calls,
  pulumiConfigJson,
  startPackServer,
} from "../../policies/tools/packServer";
import { readStackFile, registerUnderMocks } from "../../test/support/mockProgram";

/*
 * Benchmark: time to evaluate the whole policy pack (every resource policy on every resource, every stack policy
 * once) over a stack of ≥ 1,000 resources. The stack is the prod web tier as infra/webTier.ts registers it under
 * Pulumi mocks, replicated until it holds the requested number of resources (each copy keeps its own
 * dependencies), evaluated with prod's policy config. Two figures: in-process (policies/evaluate.ts, the policy
 * code alone), and through the pack's own analyzer gRPC server started as the engine starts it (one Analyze call
 * per resource plus one AnalyzeStack: adds protobuf encoding, transport and @pulumi/policy's deserialisation).
 * Wall-clock time and the process's CPU time (user + system) per run: on a shared machine the wall clock includes
 * time other processes held the cores. Run: npx tsx scripts/bench/policies.ts [resources] [runs]
 */

function replicate(base: readonly StackResource[], target: number): StackResource[] {
  const out: StackResource[] = [];
  for (let copy = 0; out.length < target; copy++) {
    const map = new Map<StackResource, StackResource>();
    for (const r of base) map.set(r, { ...r, name: `${r.name}-c${copy}`, urn: `${r.urn}-c${copy}` });
    for (const [orig, clone] of map) {
      const deps: Record<string, StackResource[]> = {};
      for (const [k, v] of Object.entries(orig.propertyDependencies ?? {})) deps[k] = v.map((d) => map.get(d) ?? d);
      clone.propertyDependencies = deps;
      out.push(clone);
    }
  }
  return out;
}

/** Durations (ms, sorted) of `runs` calls of fn after one warm-up call. */
async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 30);
  if (!Number.isInteger(target) || target < 1 || !Number.isInteger(runs) || runs < 1)
    throw new Error("usage: npx tsx scripts/bench/policies.ts [resources ≥ 1] [runs ≥ 1]");
  const { config, resources } = await registerUnderMocks("prod");
  const base = stackResourcesFromRegistered(resources, "neuropilot", "prod");
  const stack = replicate(base, target);
  const packConfig = policyConfigFor(config);
  let findings = 0;
  for (let i = 0; i < 3; i++) findings = (await evaluatePolicies(ALL_POLICIES, stack, packConfig)).length;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await evaluatePolicies(ALL_POLICIES, stack, packConfig);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  console.log(
    `policy pack: ${ALL_POLICIES.length} policies over ${stack.length} resources (${base.length}-resource prod web tier × ${Math.ceil(stack.length / base.length)}), ${runs} runs after 3 warm-up runs`,
  );
  console.log(
    `evaluation time: min ${times[0].toFixed(1)} ms, median ${median.toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms (target < 200 ms)`,
  );
  console.log(
    `CPU time of this process per run (less sensitive to other load on the machine): min ${cpu[0].toFixed(1)} ms, median ${quantile(cpu, 0.5).toFixed(1)} ms`,
  );
  console.log(
    `per resource: ${((median / stack.length) * 1000).toFixed(1)} µs; findings per run: ${findings} (monthly-budget: the replicated stack exceeds prod's budget)`,
  );
  console.log(median < 200 ? "PASS: median under 200 ms" : "FAIL: median over 200 ms");
  await overGrpc(stack, Math.min(runs, 10));
}

/** The same stack through the pack's analyzer server: every resource Analyze'd, then one AnalyzeStack. */
async function overGrpc(stack: readonly StackResource[], runs: number): Promise<void> {
  const pack = await startPackServer({ PULUMI_CONFIG: pulumiConfigJson(readStackFile("prod")) });
  try {
    const requests = stack.map(analyzeRequest);
    const stackRequest = analyzeStackRequest(stack);
    const stackWide = await timeRuns(runs, () => calls.analyzeStack(pack.client, stackRequest));
    const perResource = await timeRuns(runs, () => Promise.all(requests.map((r) => calls.analyze(pack.client, r))));
    const stackMedian = quantile(stackWide, 0.5);
    const resourceMedian = quantile(perResource, 0.5);
    console.log(`through the pack's gRPC server (${runs} runs each after 1 warm-up):`);
    console.log(
      `  AnalyzeStack of ${stack.length} resources: median ${stackMedian.toFixed(1)} ms, p95 ${quantile(stackWide, 0.95).toFixed(1)} ms`,
    );
    console.log(
      `  Analyze of each resource (${stack.length} calls, concurrent): median ${resourceMedian.toFixed(1)} ms in total, ${((resourceMedian / stack.length) * 1000).toFixed(0)} µs per call`,
    );
  } finally {
    pack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

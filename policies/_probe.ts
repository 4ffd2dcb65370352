import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { performance } from "node:perf_hooks";
import { stackResourcesFromRegistered } from "./lib/registered";
import { analyzeStackRequest, pulumiConfigJson, startPackServer, unary } from "./tools/packServer";
import { readStackFile, registerUnderMocks } from "../test/support/mockProgram";
import { ALL_POLICIES } from "./all";
(async () => {
  const { resources } = await registerUnderMocks("prod");
  const base = stackResourcesFromRegistered(resources, "neuropilot", "prod");
  const stack = Array.from({ length: 28 }, (_, c) => base.map((r) => ({ ...r, urn: r.urn + c, name: r.name + c, propertyDependencies: {} }))).flat();
  const pack = await startPackServer({ PULUMI_CONFIG: pulumiConfigJson(readStackFile("prod")) });
  const req = analyzeStackRequest(stack);
  const stackPolicies = ALL_POLICIES.filter((p) => "validateStack" in p).map((p) => p.name);
  const configure = async (enabled: string[]) => {
    const r = new analyzer.ConfigureAnalyzerRequest();
    for (const p of ALL_POLICIES) r.getPolicyconfigMap().set(p.name, new analyzer.PolicyConfig().setProperties(Struct.fromJavaScript({})).setEnforcementlevel(enabled.includes(p.name) ? analyzer.EnforcementLevel.MANDATORY : analyzer.EnforcementLevel.DISABLED));
    await unary(pack.client.configure.bind(pack.client), r);
  };
  for (const set of [[], ...stackPolicies.map((p) => [p]), stackPolicies]) {
    await configure(set);
    const ts: number[] = [];
    for (let i = 0; i < 6; i++) { const t = performance.now(); await unary(pack.client.analyzeStack.bind(pack.client), req); ts.push(performance.now() - t); }
    ts.sort((a, b) => a - b);
    console.log(set.join(",") || "(none)", ts[3].toFixed(1));
  }
  pack.stop();
})();

import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_POLICIES, PACK_NAME } from "../../policies/all";
import { stackResourcesFromRegistered } from "../../policies/lib/registered";
import { TYPES } from "../../infra/resources";
import {
  analyzeRequest,
  analyzeStackRequest,
  calls,
  pulumiConfigJson,
  startPackServer,
  type PackServer,
} from "../../policies/tools/packServer";
import { readStackFile, registerUnderMocks } from "../support/mockProgram";

/*
 * The pack started exactly as the Node language host starts it for `--policy-pack policies` (see
 * policies/tools/packServer.ts), driven through the analyzer protocol like the engine drives it.
 */

const LEVEL = analyzer.EnforcementLevel;

describe("the pack under @pulumi/pulumi's policy runtime, prod stack config in PULUMI_CONFIG", () => {
  let pack: PackServer;

  beforeAll(async () => {
    pack = await startPackServer({
      PULUMI_CONFIG: pulumiConfigJson(readStackFile("prod")),
      PULUMI_NODEJS_STACK: "prod",
      PULUMI_NODEJS_PROJECT: "neuropilot",
    });
  }, 60_000);

  afterAll(() => pack?.stop());

  it("lists every policy, mandatory for prod, with config schema defaults from the stack", async () => {
    const info = await calls.info(pack.client);
    expect(info.getName()).toBe(PACK_NAME);
    const policies = info.getPoliciesList();
    expect(policies.map((p) => p.getName()).sort()).toEqual(ALL_POLICIES.map((p) => p.name).sort());
    for (const p of policies) expect(p.getEnforcementlevel(), p.getName()).toBe(LEVEL.MANDATORY);
    const budget = policies.find((p) => p.getName() === "monthly-budget");
    const props = budget?.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, { default?: unknown }>;
    expect(props.monthlyBudgetUsd.default).toBe(1200);
  });

  it("analyzeStack: the real prod program passes; with a flapping scale-in threshold it is blocked", async () => {
    const good = await registerUnderMocks("prod");
    const goodStack = stackResourcesFromRegistered(good.resources, "neuropilot", "prod");
    const ok = await calls.analyzeStack(pack.client, analyzeStackRequest(goodStack));
    expect(ok.getDiagnosticsList().map((d) => d.getMessage())).toEqual([]);
    for (const r of goodStack) {
      const res = await calls.analyze(pack.client, analyzeRequest(r));
      expect(
        res.getDiagnosticsList().map((d) => d.getMessage()),
        r.name,
      ).toEqual([]);
    }

    const bad = await registerUnderMocks("prod", { scaleInCpuThreshold: 60 });
    const badStack = stackResourcesFromRegistered(bad.resources, "neuropilot", "prod");
    const res = await calls.analyzeStack(pack.client, analyzeStackRequest(badStack));
    const d = res.getDiagnosticsList();
    expect(d.map((x) => x.getPolicyname())).toEqual(["scaling-hysteresis"]);
    expect(d[0].getEnforcementlevel()).toBe(LEVEL.MANDATORY);
    expect(d[0].getMessage()).toContain("neuropilot:scaleInCpuThreshold");
    expect(d[0].getUrn()).toContain("np-prod-cpu-low");
  }, 30_000);

  it("analyze: a resource below a bound gets a mandatory violation", async () => {
    const asg = {
      type: TYPES.autoScalingGroup,
      name: "np-prod-asg",
      urn: "urn:pulumi:prod::neuropilot::aws:autoscaling/group:Group::np-prod-asg",
      props: { minSize: 1, maxSize: 10, desiredCapacity: 3, vpcZoneIdentifiers: ["a", "b", "c"] },
    };
    const d = (await calls.analyze(pack.client, analyzeRequest(asg))).getDiagnosticsList();
    expect(d.map((x) => x.getPolicyname())).toEqual(["asg-min-capacity"]);
    expect(d[0].getEnforcementlevel()).toBe(LEVEL.MANDATORY);
    expect(d[0].getMessage()).toContain("neuropilot:minSize");
  });

  it("applies policy config sent with Configure: an advisory override and a new bound", async () => {
    const req = new analyzer.ConfigureAnalyzerRequest();
    req
      .getPolicyconfigMap()
      .set(
        "asg-min-capacity",
        new analyzer.PolicyConfig()
          .setEnforcementlevel(LEVEL.ADVISORY)
          .setProperties(Struct.fromJavaScript({ environment: "dev", minInstances: 3 })),
      );
    await calls.configure(pack.client, req);
    const asg = {
      type: TYPES.autoScalingGroup,
      name: "np-prod-asg",
      urn: "urn:x",
      props: { minSize: 2, maxSize: 10, desiredCapacity: 3, vpcZoneIdentifiers: ["a", "b", "c"] },
    };
    const d = (await calls.analyze(pack.client, analyzeRequest(asg))).getDiagnosticsList();
    expect(d.map((x) => x.getPolicyname())).toEqual(["asg-min-capacity"]);
    expect(d[0].getEnforcementlevel()).toBe(LEVEL.ADVISORY);
    expect(d[0].getMessage()).toContain("≥ 3");
  });
});

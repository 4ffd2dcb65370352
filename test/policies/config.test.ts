import * as fs from "node:fs";
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultStackConfig, parseStackConfig } from "../../infra/config";
import { ALL_POLICIES } from "../../policies/all";
import { policyConfigFor } from "../../policies/config";
import { policyConfigPath } from "../../policies/configFile";
import { baselineStackConfig } from "../../policies/lib/baseline";
import { settingsOf } from "../../policies/lib/policyConfig";
import { TYPES } from "../../infra/resources";
import { POLICY_NAMES, POLICY_SETTINGS } from "../../policies/settings";
import { readStackConfig, stackNames } from "../../policies/stackFiles";

describe("policyConfigFor", () => {
  const dev = policyConfigFor(readStackConfig("dev"));
  const prod = policyConfigFor(readStackConfig("prod"));

  it("covers every policy of the pack, and nothing else", () => {
    expect(Object.keys(prod).sort()).toEqual(ALL_POLICIES.map((p) => p.name).sort());
    expect(POLICY_NAMES.sort()).toEqual(ALL_POLICIES.map((p) => p.name).sort());
  });
  it("is mandatory in prod and advisory in dev", () => {
    expect(new Set(Object.values(prod).map((c) => c.enforcementLevel))).toEqual(new Set(["mandatory"]));
    expect(new Set(Object.values(dev).map((c) => c.enforcementLevel))).toEqual(new Set(["advisory"]));
    expect(prod["asg-min-capacity"].environment).toBe("prod");
  });
  it("takes the budget, the CPU band and the hysteresis from the stack", () => {
    expect(prod["monthly-budget"].monthlyBudgetUsd).toBe(1200);
    expect(dev["monthly-budget"].monthlyBudgetUsd).toBe(150);
    const custom = parseStackConfig({
      "neuropilot:monthlyBudgetUsd": 321,
      "neuropilot:learning": { scaleOutBand: [55, 85], minHysteresis: 20 },
    });
    const c = policyConfigFor(custom);
    expect(c["monthly-budget"].monthlyBudgetUsd).toBe(321);
    expect([c["scale-out-cpu-band"].minPercent, c["scale-out-cpu-band"].maxPercent]).toEqual([55, 85]);
    expect(c["scaling-hysteresis"].minGapPoints).toBe(20);
  });
  it("keeps burstable types out of prod only", () => {
    expect(prod["allowed-instance-types"].allowedFamilies).not.toContain("t3");
    expect(dev["allowed-instance-types"].allowedFamilies).toContain("t3");
  });
  it("matches the checked-in policies/config/<stack>.json of every stack", () => {
    for (const stack of stackNames()) {
      const file = JSON.parse(fs.readFileSync(policyConfigPath(stack), "utf8")) as unknown;
      expect(file, `policies/config/${stack}.json is stale: run npx tsx scripts/gen-policy-config.ts`).toEqual(
        policyConfigFor(readStackConfig(stack)),
      );
    }
  });
});

describe("policy objects", () => {
  it("have kebab-case unique names, a reason, a default level and a config schema matching policyConfigFor", () => {
    const cfg = policyConfigFor(defaultStackConfig());
    const names = new Set<string>();
    for (const p of ALL_POLICIES) {
      expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(names.has(p.name)).toBe(false);
      names.add(p.name);
      expect(p.description.length, p.name).toBeGreaterThan(60);
      expect(p.description, p.name).toMatch(/:/);
      expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
      const props = p.configSchema?.properties ?? {};
      const { enforcementLevel: _l, ...bounds } = cfg[p.name as keyof typeof cfg];
      expect(Object.keys(props).sort(), p.name).toEqual(Object.keys(bounds).sort());
      for (const [k, v] of Object.entries(bounds))
        expect((props[k] as { default?: unknown }).default, `${p.name}.${k}`).toEqual(v);
    }
  });
  it("default to the default stack (dev: advisory) when the engine passes no stack config", () => {
    for (const p of ALL_POLICIES) expect(p.enforcementLevel, p.name).toBe("advisory");
  });
  it("reject out-of-range policy config naming the key", () => {
    expect(() => settingsOf("asg-min-capacity", { minInstances: -1 })).toThrow(/asg-min-capacity\.minInstances/);
    expect(() => settingsOf("monthly-budget", { basis: "average" })).toThrow(/monthly-budget\.basis/);
    expect(POLICY_SETTINGS["asg-min-capacity"].safeParse({ environment: "prod", minInstances: 2 }).success).toBe(true);
  });
  it("use type tokens that match @pulumi/aws", () => {
    const classes: Record<keyof typeof TYPES, unknown> = {
      autoScalingGroup: aws.autoscaling.Group,
      scalingPolicy: aws.autoscaling.Policy,
      metricAlarm: aws.cloudwatch.MetricAlarm,
      launchTemplate: aws.ec2.LaunchTemplate,
      instance: aws.ec2.Instance,
      subnet: aws.ec2.Subnet,
      natGateway: aws.ec2.NatGateway,
      securityGroup: aws.ec2.SecurityGroup,
      securityGroupRule: aws.ec2.SecurityGroupRule,
      securityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
      loadBalancer: aws.lb.LoadBalancer,
      albLoadBalancer: aws.alb.LoadBalancer,
      targetGroup: aws.lb.TargetGroup,
      albTargetGroup: aws.alb.TargetGroup,
    };
    for (const [k, cls] of Object.entries(classes))
      expect((cls as { __pulumiType: string }).__pulumiType, k).toBe(TYPES[k as keyof typeof TYPES]);
  });
});

describe("baselineStackConfig (defaults from the stack the engine previews)", () => {
  it("uses the default stack config without PULUMI_CONFIG", () => {
    expect(baselineStackConfig({})).toEqual(defaultStackConfig());
    expect(baselineStackConfig({ PULUMI_CONFIG: '{"aws:region":"us-east-1"}' })).toEqual(defaultStackConfig());
  });
  it("parses the neuropilot keys the engine passes", () => {
    const c = baselineStackConfig({
      PULUMI_CONFIG: JSON.stringify({
        "neuropilot:environment": "prod",
        "neuropilot:monthlyBudgetUsd": "900",
        "aws:region": "us-east-1",
      }),
    });
    expect(c.environment).toBe("prod");
    expect(policyConfigFor(c)["monthly-budget"]).toMatchObject({
      enforcementLevel: "mandatory",
      monthlyBudgetUsd: 900,
    });
  });
  it("fails naming the key when the stack config is invalid", () => {
    expect(() => baselineStackConfig({ PULUMI_CONFIG: '{"neuropilot:minSize":"-3"}' })).toThrow(ConfigError);
    expect(() => baselineStackConfig({ PULUMI_CONFIG: '{"neuropilot:minSize":"-3"}' })).toThrow(/neuropilot:minSize/);
    expect(() => baselineStackConfig({ PULUMI_CONFIG: "{not json" })).toThrow(/PULUMI_CONFIG/);
  });
});

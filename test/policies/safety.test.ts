import { describe, expect, it } from "vitest";
import { TYPES } from "../../infra/resources";
import {
  asgElbHealthCheck,
  disallowedPublicPorts,
  launchTemplateImdsv2,
  publicIngressPorts,
  scalingStepLimit,
} from "../../policies/safety";
import { asg, expectNames, launchTemplate, res, run } from "./helpers";

const prod = { environment: "prod", enforcementLevel: "mandatory" } as const;

describe("launch-template-imdsv2", () => {
  it("passes when IMDSv2 is required", async () => {
    expect(await run(launchTemplateImdsv2, [launchTemplate()])).toEqual([]);
  });
  it("fails when tokens are optional, on templates and instances", async () => {
    const fs = await run(
      launchTemplateImdsv2,
      [
        launchTemplate("t3.small", { metadataOptions: { httpTokens: "optional" } }),
        res(TYPES.instance, "vm", { instanceType: "t3.micro" }),
      ],
      prod,
    );
    expect(fs).toHaveLength(2);
    expectNames(fs[0].message, '"web-lt"', 'httpTokens = "optional"', '"required"', "infra/components/webFleet.ts");
    expectNames(fs[1].message, '"vm"', "(not set)");
  });
});

describe("public-ingress-ports", () => {
  const sg = (ingress: unknown[]) => res(TYPES.securityGroup, "alb-sg", { ingress });
  it("computes disallowed ranges", () => {
    expect(
      disallowedPublicPorts({ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }, [80]),
    ).toBeUndefined();
    expect(
      disallowedPublicPorts({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }, [80]),
    ).toBeUndefined();
    expect(disallowedPublicPorts({ protocol: "tcp", fromPort: 79, toPort: 81, ipv6CidrBlocks: ["::/0"] }, [80])).toBe(
      "tcp/79-81",
    );
    expect(disallowedPublicPorts({ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, [80])).toBe(
      "all ports (protocol -1)",
    );
  });
  it("passes HTTP from the world and anything from inside", async () => {
    const ok = sg([
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] },
    ]);
    expect(await run(publicIngressPorts, [ok], { allowedPublicPorts: [80, 443] })).toEqual([]);
  });
  it("fails SSH from the world, in groups, rules and ingress-rule resources", async () => {
    const fs = await run(
      publicIngressPorts,
      [
        sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]),
        res(TYPES.securityGroupRule, "rule", {
          type: "ingress",
          protocol: "tcp",
          fromPort: 3389,
          toPort: 3389,
          cidrBlocks: ["0.0.0.0/0"],
        }),
        res(TYPES.securityGroupIngressRule, "ir", {
          ipProtocol: "tcp",
          fromPort: 8080,
          toPort: 8080,
          cidrIpv4: "0.0.0.0/0",
        }),
        res(TYPES.securityGroupRule, "egress", {
          type: "egress",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        }),
      ],
      { ...prod, allowedPublicPorts: [80, 443] },
    );
    expect(fs.map((f) => f.message.match(/= "([^"]+)"/)?.[1])).toEqual(["tcp/22", "tcp/3389", "tcp/8080"]);
    expectNames(fs[0].message, '"alb-sg"', "ports in [80, 443]", "public-ingress-ports.allowedPublicPorts");
  });
});

describe("asg-elb-health-check", () => {
  it("passes a group behind a target group with ELB checks", async () => {
    expect(await run(asgElbHealthCheck, [asg()], { maxGracePeriodSeconds: 300 })).toEqual([]);
  });
  it("ignores a group without a load balancer", async () => {
    expect(await run(asgElbHealthCheck, [asg({ targetGroupArns: [], healthCheckType: "EC2" })])).toEqual([]);
  });
  it("fails EC2 health checks and a long grace period", async () => {
    const fs = await run(asgElbHealthCheck, [asg({ healthCheckType: "EC2", healthCheckGracePeriod: 900 })], {
      ...prod,
      maxGracePeriodSeconds: 300,
    });
    expect(fs).toHaveLength(2);
    expectNames(fs[0].message, 'healthCheckType = "EC2"', '"ELB"', "infra/components/webFleet.ts");
    expectNames(
      fs[1].message,
      "healthCheckGracePeriod (s) = 900",
      "≤ 300 s",
      "asg-elb-health-check.maxGracePeriodSeconds",
    );
  });
});

describe("scaling-step-limit", () => {
  const policy = (adjustment: number) =>
    res(TYPES.scalingPolicy, adjustment > 0 ? "scale-out" : "scale-in", {
      policyType: "StepScaling",
      adjustmentType: "ChangeInCapacity",
      stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: adjustment }],
    });
  it("passes small steps", async () => {
    expect(await run(scalingStepLimit, [policy(2), policy(-1)], { maxScaleOutStep: 5, maxScaleInStep: 1 })).toEqual([]);
  });
  it("fails large steps in both directions", async () => {
    const fs = await run(scalingStepLimit, [policy(8), policy(-3)], { ...prod, maxScaleOutStep: 5, maxScaleInStep: 1 });
    expect(fs).toHaveLength(2);
    expectNames(
      fs[0].message,
      '"scale-out"',
      "= 8",
      "≤ 5",
      "neuropilot:scaleOutStep",
      "scaling-step-limit.maxScaleOutStep",
    );
    expectNames(
      fs[1].message,
      '"scale-in"',
      "= 3",
      "≤ 1",
      "neuropilot:scaleInStep",
      "scaling-step-limit.maxScaleInStep",
    );
  });
  it("ignores percentage adjustments", async () => {
    const pct = res(TYPES.scalingPolicy, "pct", {
      adjustmentType: "PercentChangeInCapacity",
      stepAdjustments: [{ scalingAdjustment: 50 }],
    });
    expect(await run(scalingStepLimit, [pct], { maxScaleOutStep: 5 })).toEqual([]);
  });
});

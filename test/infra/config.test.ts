import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";
import { ConfigError, defaultStackConfig, parseStackConfig, WEB_TIER_KEYS } from "../../infra/config";
import { readStackFile } from "../support/mockProgram";

function errorOf(raw: Record<string, unknown>): ConfigError {
  try {
    parseStackConfig(raw, "stacks/Pulumi.test.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("typed stack configuration", () => {
  it("every key has a description and a default inside its bounds", () => {
    const d = defaultStackConfig() as unknown as Record<string, unknown>;
    for (const [key, spec] of Object.entries(WEB_TIER_KEYS)) {
      expect(spec.description.length, key).toBeGreaterThan(10);
      if (spec.kind === "number") {
        expect(d[key]).toBeGreaterThanOrEqual(spec.bounds.min);
        expect(d[key]).toBeLessThanOrEqual(spec.bounds.max);
      }
    }
  });

  it("accepts both stack files, coercing string values as pulumi.Config gives them", () => {
    for (const stack of ["dev", "prod"]) expect(() => parseStackConfig(readStackFile(stack))).not.toThrow();
    const c = parseStackConfig({
      "neuropilot:scaleOutCpuThreshold": "72.5",
      "neuropilot:useNatGateway": "false",
      "neuropilot:availabilityZones": '["us-east-1a","us-east-1c"]',
    });
    expect(c.scaleOutCpuThreshold).toBe(72.5);
    expect(c.useNatGateway).toBe(false);
    expect(c.availabilityZones).toEqual(["us-east-1a", "us-east-1c"]);
  });

  it("prod is larger than dev: ≥ 2 instances over 3 zones", () => {
    const prod = parseStackConfig(readStackFile("prod"));
    const dev = parseStackConfig(readStackFile("dev"));
    expect(prod.minSize).toBeGreaterThanOrEqual(2);
    expect(prod.availabilityZones).toHaveLength(3);
    expect(prod.environment).toBe("prod");
    expect(dev.environment).toBe("dev");
  });

  it.each([
    [{ "neuropilot:scaleInCpuThreshold": 85 }, "neuropilot:scaleInCpuThreshold = 85", "allowed range 0–79"],
    [
      { "neuropilot:minSize": 5, "neuropilot:maxSize": 3, "neuropilot:desiredCapacity": 3 },
      "neuropilot:minSize = 5",
      "allowed range 0–3",
    ],
    [{ "neuropilot:scaleOutCpuThreshold": 120 }, "neuropilot:scaleOutCpuThreshold = 120", "allowed range 1–100"],
    [{ "neuropilot:scaleInCpuThreshold": -5 }, "neuropilot:scaleInCpuThreshold = -5", "allowed range 0–99"],
    [{ "neuropilot:slaTargetPercent": 101 }, "neuropilot:slaTargetPercent = 101", "allowed range 90–100"],
    [{ "neuropilot:instanceType": "x9.mega" }, 'neuropilot:instanceType = "x9.mega"', "must be one of: t3.micro"],
    [
      { "neuropilot:datapointsToAlarm": 5, "neuropilot:evaluationPeriods": 3 },
      "neuropilot:datapointsToAlarm = 5",
      "allowed range 1–3",
    ],
    [{ "neuropilot:availabilityZones": ["us-east-1a"] }, "neuropilot:availabilityZones", "at least 2"],
    [
      { "neuropilot:availabilityZones": ["us-west-2a", "us-west-2b"] },
      "neuropilot:availabilityZones",
      "not in neuropilot:region (us-east-1)",
    ],
    [{ "neuropilot:alarmPeriodSeconds": 45 }, "neuropilot:alarmPeriodSeconds = 45", "multiple of 60"],
    [
      { "neuropilot:scaleOutCpuThreshold": "lots" },
      'neuropilot:scaleOutCpuThreshold = "lots"',
      "must be a number in [1, 100]",
    ],
    [{ "neuropilot:scaleOutThreshold": 70 }, "neuropilot:scaleOutThreshold = 70", "unknown key"],
    [{ "neuropilot:learning": { cycleHours: 0 } }, "neuropilot:learning.cycleHours = 0", ">="],
  ])("rejects %j naming key, value and range", (raw, keyAndValue, range) => {
    const err = errorOf(raw);
    expect(err.message).toContain("stacks/Pulumi.test.yaml");
    expect(err.message).toContain(keyAndValue);
    expect(err.message).toContain(range);
  });

  it("the program fails before registering any resource when config is invalid", async () => {
    const registered: string[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          registered.push(a.type);
          return { id: "x", state: a.inputs };
        },
        call: (a) => a.inputs,
      },
      "neuropilot",
      "dev",
    );
    pulumi.runtime.setAllConfig({
      ...Object.fromEntries(
        Object.entries(readStackFile("dev")).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
      ),
      "neuropilot:scaleInCpuThreshold": "90",
    });
    vi.resetModules();
    await expect(import("../../infra/index")).rejects.toThrow(
      /neuropilot:scaleInCpuThreshold = 90.*allowed range 0–79/,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(registered.filter((t) => t.startsWith("aws:"))).toEqual([]);
  });
});

describe("docs/configuration.md", () => {
  it("matches the config module (regenerate with npx tsx scripts/gen-config-doc.ts)", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { configurationMarkdown } = await import("../../infra/config/docTable");
    const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/configuration.md"), "utf8");
    expect(doc).toBe(configurationMarkdown());
  });
});

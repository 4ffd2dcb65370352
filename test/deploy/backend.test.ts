import { describe, expect, it } from "vitest";
import {
  deployedThresholds,
  describeBackend,
  describeDrift,
  missingPassphrase,
  resolveBackend,
  secretsProvider,
} from "../../optimizer/deploy/backend";

describe("backend and secrets provider (pure)", () => {
  it("backend: explicit, then Pulumi Cloud with a token, then the embedded file backend", () => {
    expect(resolveBackend({ backendUrl: "s3://b", env: {}, projectRoot: "/p" })).toBe("s3://b");
    expect(resolveBackend({ env: { PULUMI_BACKEND_URL: "gs://g" }, projectRoot: "/p" })).toBe("gs://g");
    expect(resolveBackend({ env: { PULUMI_ACCESS_TOKEN: "pul-x" }, projectRoot: "/p" })).toBeUndefined();
    expect(resolveBackend({ env: {}, projectRoot: "/p" })).toBe("file:///p/.pulumi-state");
  });

  it("a passphrase is required only for the passphrase secrets provider", () => {
    const salt = "encryptionsalt: v1:abc\nconfig: {}\n";
    expect(secretsProvider("file:///x", salt)).toBe("passphrase");
    expect(secretsProvider("s3://b", "secretsprovider: awskms://alias/np\nencryptedkey: Zm9v\n")).toBe("awskms://");
    expect(secretsProvider("s3://b", "secretsprovider: hashivault://np\n")).toBe("hashivault://");
    expect(secretsProvider(undefined, "config: {}\n")).toBe("service");
    expect(secretsProvider("file:///x", "config: {}\n")).toBe("passphrase");
    expect(missingPassphrase("awskms://", {})).toBeUndefined();
    expect(missingPassphrase("service", {})).toBeUndefined();
    expect(missingPassphrase("passphrase", { PULUMI_CONFIG_PASSPHRASE: "" })).toBeUndefined();
    expect(missingPassphrase("passphrase", { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/p" })).toBeUndefined();
    expect(missingPassphrase("passphrase", {})).toMatch(
      /^PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE must be set/,
    );
  });

  it("backend URLs in messages lose credentials and query strings", () => {
    expect(describeBackend("s3://AKIA:secret@bucket/state?region=x&awssdk=v2")).toBe("s3://bucket/state");
    expect(describeBackend(undefined)).toBe("Pulumi Cloud (PULUMI_ACCESS_TOKEN)");
  });

  it("deployed thresholds come from the checkpoint's alarms; drift is described both ways", () => {
    const alarm = (name: string, threshold: number) => ({
      urn: `urn:pulumi:dev::neuropilot::neuropilot:Scaling$aws:cloudwatch/metricAlarm:MetricAlarm::np-dev-${name}`,
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      outputs: { threshold },
    });
    const t = deployedThresholds([alarm("cpu-high", 85), alarm("cpu-low", 30), alarm("latency-high", 300)]);
    expect(t).toEqual({ scaleOutCpuThreshold: 85, scaleInCpuThreshold: 30 });
    expect(deployedThresholds([alarm("cpu-high", 85)])).toBeNull();
    expect(describeDrift(t!, { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 })).toBe(
      "deployed 85%/30%, stack file 80%/30%",
    );
    expect(describeDrift(t!, t!)).toBeUndefined();
  });
});

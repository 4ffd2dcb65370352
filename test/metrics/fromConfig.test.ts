import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { authFromEnv, hygieneOptionsFromConfig } from "../../optimizer/metrics";

const m = defaultStackConfig().metrics;

describe("credentials and options from config", () => {
  it("bearer token wins, then basic auth, else none; read from the variables the config names", () => {
    expect(
      authFromEnv(m, {
        NEUROPILOT_PROMETHEUS_TOKEN: "t",
        NEUROPILOT_PROMETHEUS_USER: "u",
        NEUROPILOT_PROMETHEUS_PASSWORD: "p",
      }),
    ).toEqual({ kind: "bearer", token: "t" });
    expect(authFromEnv(m, { NEUROPILOT_PROMETHEUS_USER: "u", NEUROPILOT_PROMETHEUS_PASSWORD: "p" })).toEqual({
      kind: "basic",
      username: "u",
      password: "p",
    });
    expect(authFromEnv(m, {})).toEqual({ kind: "none" });
    expect(authFromEnv({ ...m, bearerTokenEnv: "MY_TOKEN" }, { MY_TOKEN: "x" })).toEqual({
      kind: "bearer",
      token: "x",
    });
  });
  it("half-configured basic auth is an error naming both variables, not the value", () => {
    expect(() => authFromEnv(m, { NEUROPILOT_PROMETHEUS_USER: "alice" })).toThrow(
      /NEUROPILOT_PROMETHEUS_USER and NEUROPILOT_PROMETHEUS_PASSWORD/,
    );
    expect(() => authFromEnv(m, { NEUROPILOT_PROMETHEUS_USER: "alice" })).not.toThrow(/alice/);
  });
  it("hygiene options come from the section", () => {
    expect(hygieneOptionsFromConfig({ ...m, maxMissingFraction: 0.3 })).toEqual({
      maxInterpolatedGapPoints: 5,
      maxMissingFraction: 0.3,
      staleAfterSeconds: 900,
    });
  });
});

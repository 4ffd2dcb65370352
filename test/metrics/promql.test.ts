import { describe, expect, it } from "vitest";
import { defaultStackConfig, parseStackConfig } from "../../infra/config";
import { renderQuery, signalQueriesFromConfig } from "../../optimizer/metrics";
import { SIGNALS } from "../../optimizer/core/types";

describe("PromQL placeholders", () => {
  it("replaces $name and ${name} with escaped values, leaving regex anchors alone", () => {
    expect(renderQuery('up{stack="$stack",x=~"a$",y="${asg}"}', { stack: 'd"e\\v', asg: "g" }, "k")).toBe(
      'up{stack="d\\"e\\\\v",x=~"a$",y="g"}',
    );
  });
  it("an unknown placeholder is an error naming the config key", () => {
    expect(() => renderQuery('up{stack="$stak"}', { stack: "dev" }, "neuropilot:metrics.queries.cpu")).toThrow(
      /neuropilot:metrics\.queries\.cpu: unknown placeholder\(s\) \$stak; known: \$stack/,
    );
  });
  it("defaults exist for every signal and render with the stack name", () => {
    const q = signalQueriesFromConfig(defaultStackConfig().metrics, "prod");
    for (const s of SIGNALS) {
      expect(q[s].expr).toContain('stack="prod"');
      expect(q[s].expr).not.toContain("$");
      expect(q[s].counter).toBe(false);
    }
  });
  it("config overrides one query, adds variables and counter signals", () => {
    const m = parseStackConfig({
      "neuropilot:metrics": {
        queries: { requestRate: 'reqs_total{asg="$asg"}' },
        queryVariables: { asg: "web-1" },
        counterSignals: ["requestRate"],
      },
    }).metrics;
    const q = signalQueriesFromConfig(m, "dev");
    expect(q.requestRate).toEqual({ expr: 'reqs_total{asg="web-1"}', counter: true });
    expect(q.cpu.expr).toContain("node_cpu_seconds_total");
  });
  it("a bad metrics section is rejected with the key", () => {
    expect(() => parseStackConfig({ "neuropilot:metrics": { queries: { latency: "x" } } })).toThrow(
      /neuropilot:metrics\.queries/,
    );
    expect(() => parseStackConfig({ "neuropilot:metrics": { counterSignals: ["bogus"] } })).toThrow(
      /neuropilot:metrics\.counterSignals/,
    );
  });
});

/* deploy/k8s/cronjobs.yaml: one CronJob per stack of the fleet plan, parsed and checked (no cluster needed). */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { discoverFleet } from "../../optimizer/fleet/plan";

const ROOT = path.resolve(__dirname, "../..");

interface CronJob {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    schedule: string;
    concurrencyPolicy: string;
    jobTemplate: {
      spec: {
        backoffLimit: number;
        template: {
          spec: {
            restartPolicy: string;
            containers: {
              image: string;
              args: string[];
              envFrom?: { secretRef: { name: string } }[];
              env?: { name: string; value?: string }[];
            }[];
          };
        };
      };
    };
  };
}

const text = fs.readFileSync(path.join(ROOT, "deploy/k8s/cronjobs.yaml"), "utf8");
const docs = parseAllDocuments(text);
const jobs = docs.map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as CronJob;
});

describe("Kubernetes CronJobs", () => {
  it("one CronJob per stack of the fleet plan, each running that stack's cycle", () => {
    const planned = discoverFleet({ projectRoot: ROOT }).stacks.map((s) => s.stack);
    expect(planned.length).toBeGreaterThan(0);
    expect(jobs.map((j) => j.metadata.labels["neuropilot/stack"]).sort()).toEqual([...planned].sort());
    for (const j of jobs) {
      const stack = j.metadata.labels["neuropilot/stack"];
      expect(j.apiVersion).toBe("batch/v1");
      expect(j.kind).toBe("CronJob");
      expect(j.metadata.name).toBe(`neuropilot-cycle-${stack}`);
      expect(j.spec.concurrencyPolicy).toBe("Forbid");
      expect(j.spec.schedule).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
      const pod = j.spec.jobTemplate.spec.template.spec;
      expect(pod.restartPolicy).toBe("Never");
      expect(j.spec.jobTemplate.spec.backoffLimit).toBe(0);
      expect(pod.containers).toHaveLength(1);
      const [c] = pod.containers;
      expect(c.args.slice(0, 3)).toEqual(["cycle", "--stack", stack]);
      expect(c.envFrom).toEqual([{ secretRef: { name: `neuropilot-${stack}` } }]);
      // no secret value in the manifest
      expect(JSON.stringify(c.env ?? [])).not.toMatch(/TOKEN|PASSPHRASE|SECRET|WEBHOOK/);
    }
  });

  it("the image is built by the repository's Dockerfile, whose entry point is the CLI", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "optimizer\/cli\/bin\.cjs"\]$/m);
    expect(dockerfile).toContain("npm ci");
    expect(dockerfile).toContain("scripts/ci/pulumi-versions.sh");
    expect(new Set(jobs.map((j) => j.spec.jobTemplate.spec.template.spec.containers[0].image)).size).toBe(1);
  });
});

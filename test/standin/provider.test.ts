import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStandinProvider, type StandinProvider } from "../support/aws-standin/provider";
import { readStandinState } from "../support/aws-standin/state";
import { REDACTED, SECRET_SIG, SIG_KEY, UNKNOWN_SENTINEL, type PropertyBag } from "../support/aws-standin/values";

/** Reproducible hex stream: sha256(seed:counter). */
function seededHex(seed: string): (chars: number) => string {
  let counter = 0;
  return (chars) => {
    let out = "";
    while (out.length < chars) out += createHash("sha256").update(`${seed}:${counter++}`).digest("hex");
    return out.slice(0, chars);
  };
}

const urn = (type: string, name: string): string =>
  `urn:pulumi:dev::neuropilot::neuropilot:infra:Scaling$${type}::${name}`;

const ALB = "aws:lb/loadBalancer:LoadBalancer";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SUBNET = "aws:ec2/subnet:Subnet";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";

let dir: string;
let statePath: string;
let provider: StandinProvider;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "standin-"));
  statePath = path.join(dir, "state", "standin.json");
  provider = createStandinProvider({ statePath, randomHex: seededHex("t") });
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function checkAndCreate(p: StandinProvider, type: string, name: string, news: PropertyBag) {
  const { inputs, failures } = await p.check(urn(type, name), {}, news);
  expect(failures).toEqual([]);
  const created = await p.create(urn(type, name), inputs);
  return { inputs, ...created };
}

describe("check: auto-naming", () => {
  it("names a named type <logical>-<7 hex>, keeps an explicit or earlier name, and leaves unnamed types alone", async () => {
    const fresh = await provider.check(urn(ALARM, "np-dev-cpu-high"), {}, { threshold: 80 });
    expect(fresh.inputs.name).toMatch(/^np-dev-cpu-high-[0-9a-f]{7}$/);
    expect(fresh.inputs.threshold).toBe(80);

    const again = await provider.check(urn(ALARM, "np-dev-cpu-high"), fresh.inputs, { threshold: 75 });
    expect(again.inputs.name).toBe(fresh.inputs.name);

    const explicit = await provider.check(urn(ALARM, "x"), {}, { name: "my-alarm" });
    expect(explicit.inputs.name).toBe("my-alarm");

    const subnet = await provider.check(urn(SUBNET, "np-dev-public-us-east-1a"), {}, { cidrBlock: "10.0.0.0/24" });
    expect(subnet.inputs).toEqual({ cidrBlock: "10.0.0.0/24" });
  });

  it("fits the 32-character load balancer name limit and reports an explicit name that is too long", async () => {
    const long = "a-very-long-logical-name-for-a-load-balancer";
    const auto = await provider.check(urn(ALB, long), {}, {});
    expect(String(auto.inputs.name).length).toBeLessThanOrEqual(32);
    const tooLong = await provider.check(urn(ALB, "x"), {}, { name: long });
    expect(tooLong.failures).toEqual([{ property: "name", reason: expect.stringContaining("longer than 32") }]);
  });

  it("rejects a non-AWS type token with an error naming it", async () => {
    await expect(provider.check("urn:pulumi:dev::p::random:index/x:X::n", {}, {})).rejects.toThrow(/random:index\/x:X/);
  });
});

describe("create / diff / update / delete round trip", () => {
  it("creates an ALB with AWS-shaped computed outputs and records it in the state file", async () => {
    const { id, outs, inputs } = await checkAndCreate(provider, ALB, "np-dev-alb", {
      loadBalancerType: "application",
      internal: false,
      subnets: ["subnet-1", "subnet-2"],
    });
    const name = String(inputs.name);
    expect(outs.name).toBe(name);
    expect(outs.arn).toMatch(
      new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/${name}/[0-9a-f]{16}$`),
    );
    expect(outs.arnSuffix).toBe(String(outs.arn).split("loadbalancer/")[1]);
    expect(outs.dnsName).toMatch(new RegExp(`^${name}-\\d{10}\\.us-east-1\\.elb\\.amazonaws\\.com$`));
    expect(id).toBe(outs.arn);

    const state = await readStandinState(statePath);
    expect(state).toEqual([{ urn: urn(ALB, "np-dev-alb"), type: ALB, id, inputs, outputs: outs }]);
  });

  it("fills ids and ARNs for the other types the program reads", async () => {
    const vpc = await checkAndCreate(provider, "aws:ec2/vpc:Vpc", "v", { cidrBlock: "10.40.0.0/16" });
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.outs.arn).toBe(`arn:aws:ec2:us-east-1:123456789012:vpc/${vpc.id}`);
    const sg = await checkAndCreate(provider, "aws:ec2/securityGroup:SecurityGroup", "np-dev-alb-sg", {
      description: "d",
    });
    expect(sg.id).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(sg.outs.name).toMatch(/^np-dev-alb-sg-[0-9a-f]{7}$/);
    const tg = await checkAndCreate(provider, "aws:lb/targetGroup:TargetGroup", "np-dev-tg", { port: 80 });
    expect(tg.outs.arnSuffix).toMatch(new RegExp(`^targetgroup/${String(tg.outs.name)}/[0-9a-f]{16}$`));
    const asg = await checkAndCreate(provider, "aws:autoscaling/group:Group", "np-dev-asg", { minSize: 1 });
    expect(asg.id).toBe(asg.outs.name);
    expect(asg.outs.arn).toMatch(new RegExp(`:autoScalingGroupName/${asg.id}$`));
    const policy = await checkAndCreate(provider, "aws:autoscaling/policy:Policy", "np-dev-scale-out", {
      autoscalingGroupName: asg.id,
    });
    expect(policy.outs.arn).toMatch(
      new RegExp(
        `^arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:.*:autoScalingGroupName/${asg.id}:policyName/${policy.id}$`,
      ),
    );
    const topic = await checkAndCreate(provider, "aws:sns/topic:Topic", "np-dev-alarms", {});
    expect(topic.outs.arn).toBe(`arn:aws:sns:us-east-1:123456789012:${String(topic.outs.name)}`);
    const alarm = await checkAndCreate(provider, ALARM, "np-dev-cpu-high", { threshold: 80 });
    expect(alarm.outs.arn).toBe(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarm.id}`);
    const lt = await checkAndCreate(provider, LT, "np-dev-lt", { instanceType: "t3.small" });
    expect(lt.id).toMatch(/^lt-[0-9a-f]{17}$/);
    expect(lt.outs.latestVersion).toBe(1);
    const other = await checkAndCreate(provider, "aws:s3/bucketPolicy:BucketPolicy", "p", { bucket: "b" });
    expect(other.id).toMatch(/^bucket-policy-[0-9a-f]{17}$/);
    expect(await readStandinState(statePath)).toHaveLength(9);
  });

  it("diffs changed inputs only, replaces on replace-forcing ones, and updates in place otherwise", async () => {
    const alarm = await checkAndCreate(provider, ALARM, "np-dev-cpu-high", { threshold: 80, period: 60 });
    const u = urn(ALARM, "np-dev-cpu-high");

    const unchanged = await provider.check(u, alarm.inputs, { threshold: 80, period: 60 });
    expect(await provider.diff(alarm.id, u, alarm.outs, unchanged.inputs)).toEqual({
      changes: false,
      diffs: [],
      replaces: [],
    });

    const news = (await provider.check(u, alarm.inputs, { threshold: 75, period: 60 })).inputs;
    expect(await provider.diff(alarm.id, u, alarm.outs, news)).toEqual({
      changes: true,
      diffs: ["threshold"],
      replaces: [],
    });
    const renamed = { ...news, name: "other-name" };
    expect(await provider.diff(alarm.id, u, alarm.outs, renamed)).toMatchObject({ replaces: ["name"] });
    const dropped = { name: news.name, threshold: 75 };
    expect((await provider.diff(alarm.id, u, alarm.outs, dropped)).diffs).toEqual(["period", "threshold"]);

    const { outs } = await provider.update(alarm.id, u, alarm.outs, news);
    expect(outs.threshold).toBe(75);
    expect(outs.arn).toBe(alarm.outs.arn);
    const [stored] = await readStandinState(statePath);
    expect(stored.inputs.threshold).toBe(75);
    expect(stored.outputs).toEqual(outs);
  });

  it("replaces a subnet on a CIDR or zone change but not on a tag change; unknown new values are changes", async () => {
    const subnet = await checkAndCreate(provider, SUBNET, "s", {
      vpcId: "vpc-1",
      cidrBlock: "10.0.0.0/24",
      availabilityZone: "us-east-1a",
      tags: { a: "1" },
    });
    const u = urn(SUBNET, "s");
    const base = subnet.inputs;
    expect((await provider.diff(subnet.id, u, subnet.outs, { ...base, cidrBlock: "10.0.1.0/24" })).replaces).toEqual([
      "cidrBlock",
    ]);
    expect(
      (await provider.diff(subnet.id, u, subnet.outs, { ...base, availabilityZone: "us-east-1b" })).replaces,
    ).toEqual(["availabilityZone"]);
    expect(await provider.diff(subnet.id, u, subnet.outs, { ...base, tags: { a: "2" } })).toEqual({
      changes: true,
      diffs: ["tags"],
      replaces: [],
    });
    expect(await provider.diff(subnet.id, u, subnet.outs, { ...base, vpcId: UNKNOWN_SENTINEL })).toEqual({
      changes: true,
      diffs: ["vpcId"],
      replaces: ["vpcId"],
    });
  });

  it("bumps a launch template's latestVersion on each update", async () => {
    const lt = await checkAndCreate(provider, LT, "lt", { instanceType: "t3.small" });
    const u = urn(LT, "lt");
    const first = await provider.update(lt.id, u, lt.outs, { ...lt.inputs, instanceType: "t3.medium" });
    const second = await provider.update(lt.id, u, first.outs, { ...lt.inputs, instanceType: "t3.large" });
    expect([first.outs.latestVersion, second.outs.latestVersion]).toEqual([2, 3]);
  });

  it("reads back stored resources, deletes them, and reads a deleted one as gone", async () => {
    const topic = await checkAndCreate(provider, "aws:sns/topic:Topic", "t", {});
    const u = urn("aws:sns/topic:Topic", "t");
    expect(await provider.read(topic.id, u, topic.outs)).toEqual({
      id: topic.id,
      props: topic.outs,
      inputs: topic.inputs,
    });
    await provider.delete(topic.id, u, topic.outs);
    expect(await readStandinState(statePath)).toEqual([]);
    expect(await provider.read(topic.id, u, topic.outs)).toEqual({ id: "", props: {} });
  });

  it("keeps create-before-delete replacements apart when the id repeats (autoscaling policy moved to a new group)", async () => {
    const u = urn("aws:autoscaling/policy:Policy", "p");
    const old = await checkAndCreate(provider, "aws:autoscaling/policy:Policy", "p", {
      name: "scale-out",
      autoscalingGroupName: "g1",
    });
    const replacement = await provider.create(u, { name: "scale-out", autoscalingGroupName: "g2" });
    expect(replacement.id).toBe(old.id);
    await provider.delete(old.id, u, old.outs);
    const state = await readStandinState(statePath);
    expect(state.map((r) => r.outputs.autoscalingGroupName)).toEqual(["g2"]);
  });
});

describe("secrets, invokes, fail hook, concurrency", () => {
  it("stores secrets redacted on disk and restores them from the engine's copy on read", async () => {
    const secret = { [SIG_KEY]: SECRET_SIG, value: "hunter2" };
    const topic = await checkAndCreate(provider, "aws:sns/topic:Topic", "t", { policy: secret });
    const text = await fs.readFile(statePath, "utf8");
    expect(text).not.toContain("hunter2");
    expect(text).toContain(REDACTED);
    const read = await provider.read(topic.id, urn("aws:sns/topic:Topic", "t"), topic.outs);
    expect(read.props.policy).toEqual(secret);
    const sameValuePlain = { ...topic.inputs, policy: "hunter2" };
    expect((await provider.diff(topic.id, urn("aws:sns/topic:Topic", "t"), topic.outs, sameValuePlain)).changes).toBe(
      false,
    );
  });

  it("answers getRegion (configured region), getCallerIdentity and getPartition, and names unknown functions", async () => {
    provider.applyConfig({ region: "eu-west-1" });
    expect((await provider.invoke("aws:index/getRegion:getRegion", {})).outputs).toMatchObject({
      name: "eu-west-1",
      region: "eu-west-1",
    });
    expect((await provider.invoke("aws:index/getCallerIdentity:getCallerIdentity", {})).outputs.accountId).toBe(
      "123456789012",
    );
    expect((await provider.invoke("aws:index/getPartition:getPartition", {})).outputs.partition).toBe("aws");
    await expect(provider.invoke("aws:ec2/getAmi:getAmi", {})).rejects.toThrow(/aws:ec2\/getAmi:getAmi/);
    const alarm = await checkAndCreate(provider, ALARM, "a", {});
    expect(alarm.outs.arn).toMatch(/^arn:aws:cloudwatch:eu-west-1:/);
  });

  it("fails create and update of matching resources with a clear error and leaves the state untouched", async () => {
    const failing = createStandinProvider({
      statePath,
      randomHex: seededHex("f"),
      failOn: "cpu-high, aws:sns/topic:Topic",
    });
    const ok = await checkAndCreate(failing, ALARM, "np-dev-cpu-low", { threshold: 30 });
    await expect(failing.create(urn(ALARM, "np-dev-cpu-high"), { name: "np-dev-cpu-high-1234567" })).rejects.toThrow(
      'aws stand-in: injected failure (NEUROPILOT_STANDIN_FAIL_ON matched "cpu-high") while trying to create aws:cloudwatch/metricAlarm:MetricAlarm "np-dev-cpu-high"',
    );
    await expect(failing.create(urn("aws:sns/topic:Topic", "t"), { name: "t" })).rejects.toThrow(
      /matched "aws:sns\/topic:Topic"/,
    );
    const before = await fs.readFile(statePath, "utf8");
    const u = urn(ALARM, "np-dev-cpu-low");
    const stillOk = await failing.update(ok.id, u, ok.outs, { ...ok.inputs, threshold: 25 });
    expect(stillOk.outs.threshold).toBe(25);
    const alsoFailing = createStandinProvider({ statePath, randomHex: seededHex("g"), failOn: "cpu-low" });
    await expect(alsoFailing.update(ok.id, u, stillOk.outs, { ...ok.inputs, threshold: 20 })).rejects.toThrow(
      /trying to update/,
    );
    expect((await readStandinState(statePath)).map((r) => r.outputs.threshold)).toEqual([25]);
    expect(before).not.toBe(await fs.readFile(statePath, "utf8"));
  });

  it("serializes concurrent writes from one or several providers sharing the file", async () => {
    const other = createStandinProvider({ statePath, randomHex: seededHex("o") });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        checkAndCreate(i % 2 === 0 ? provider : other, "aws:ec2/vpc:Vpc", `v${i}`, { cidrBlock: `10.${i}.0.0/16` }),
      ),
    );
    const state = await readStandinState(statePath);
    expect(state).toHaveLength(40);
    expect(new Set(state.map((r) => r.id)).size).toBe(40);
    const leftovers = (await fs.readdir(path.dirname(statePath))).filter((f) => f !== "standin.json");
    expect(leftovers).toEqual([]);
  });

  it("takes over a lock file left by a process that no longer exists", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await fs.mkdir(path.dirname(statePath), { recursive: true });
    await fs.writeFile(`${statePath}.lock`, String(dead));
    await checkAndCreate(provider, "aws:ec2/vpc:Vpc", "v", { cidrBlock: "10.0.0.0/16" });
    expect(await readStandinState(statePath)).toHaveLength(1);
    await expect(fs.stat(`${statePath}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it("names the state file when it is corrupt", async () => {
    await fs.mkdir(path.dirname(statePath), { recursive: true });
    await fs.writeFile(statePath, "{ not json");
    await expect(readStandinState(statePath)).rejects.toThrow(statePath);
  });
});

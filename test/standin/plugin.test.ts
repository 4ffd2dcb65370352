import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installStandin, readStandinState } from "../support/aws-standin/state";
import { UNKNOWN_SENTINEL } from "../support/aws-standin/values";

/** Promise form of a callback-style unary gRPC client method. */
function unary<Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (err, res) => (err ? reject(err) : resolve(res))));
}

/** Starts a plugin executable the way the engine does and returns the port it prints on its first stdout line. */
function startPlugin(executable: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ child, port: Number(line.trim()) });
    });
    child.on("exit", (code) => reject(new Error(`plugin exited (${code}) before printing its port: ${err}`)));
  });
}

const URN = "urn:pulumi:dev::neuropilot::aws:sns/topic:Topic::np-dev-alarms";

let dir: string;
let statePath: string;
let executable: string;
let plugin: ChildProcess;
let client: provrpc.ResourceProviderClient;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "standin-plugin-"));
  statePath = path.join(dir, "standin.json");
  executable = await installStandin(path.join(dir, "home"));
  const started = await startPlugin(executable, {
    ...process.env,
    NEUROPILOT_STANDIN_STATE: statePath,
    NEUROPILOT_STANDIN_FAIL_ON: "must-fail",
  });
  plugin = started.child;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  plugin?.kill();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("installed stand-in plugin served over gRPC", () => {
  it("is installed where the CLI's plugin loader looks for aws v7.48.0, with no .partial marker", async () => {
    expect(executable).toBe(path.join(dir, "home", "plugins", "resource-aws-v7.48.0", "pulumi-resource-aws"));
    const stat = await fs.stat(executable);
    expect(stat.mode & 0o111).not.toBe(0);
    expect(await fs.readdir(path.join(dir, "home", "plugins"))).toEqual(["resource-aws-v7.48.0"]);
  });

  it("reports version 7.48.0 and a schema named aws", async () => {
    const info = await unary<Empty, PluginInfo>(client.getPluginInfo.bind(client), new Empty());
    expect(info.getVersion()).toBe("7.48.0");
    const schemaRequest = new provproto.GetSchemaRequest();
    const schema = await unary<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(
      client.getSchema.bind(client),
      schemaRequest,
    );
    expect(JSON.parse(schema.getSchema())).toEqual({ name: "aws", version: "7.48.0" });
  });

  it("takes the region from Configure and uses it in invokes and ARNs; creates land in the state file", async () => {
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({ region: "eu-central-1", version: "7.48.0" }));
    configure.setAcceptsecrets(true);
    const configured = await unary<provproto.ConfigureRequest, provproto.ConfigureResponse>(
      client.configure.bind(client),
      configure,
    );
    expect(configured.getAcceptsecrets()).toBe(true);
    expect(configured.getSupportspreview()).toBe(true);

    const invoke = new provproto.InvokeRequest();
    invoke.setTok("aws:index/getRegion:getRegion");
    invoke.setArgs(Struct.fromJavaScript({}));
    const region = await unary<provproto.InvokeRequest, provproto.InvokeResponse>(client.invoke.bind(client), invoke);
    expect(region.getReturn()?.toJavaScript().name).toBe("eu-central-1");

    const check = new provproto.CheckRequest();
    check.setUrn(URN);
    check.setOlds(Struct.fromJavaScript({}));
    check.setNews(Struct.fromJavaScript({ displayName: "alarms" }));
    const checked = await unary<provproto.CheckRequest, provproto.CheckResponse>(client.check.bind(client), check);
    const inputs = checked.getInputs()?.toJavaScript() ?? {};
    expect(inputs.name).toMatch(/^np-dev-alarms-[0-9a-f]{7}$/);

    const create = new provproto.CreateRequest();
    create.setUrn(URN);
    create.setProperties(Struct.fromJavaScript(inputs));
    const created = await unary<provproto.CreateRequest, provproto.CreateResponse>(client.create.bind(client), create);
    expect(created.getId()).toBe(`arn:aws:sns:eu-central-1:123456789012:${String(inputs.name)}`);
    const state = await readStandinState(statePath);
    expect(state.map((r) => [r.urn, r.id])).toEqual([[URN, created.getId()]]);
  });

  it("answers preview creates and updates with the planned state and leaves the state file alone", async () => {
    const before = await readStandinState(statePath);
    const [topic] = before;
    const previewCreate = new provproto.CreateRequest();
    previewCreate.setUrn("urn:pulumi:dev::neuropilot::aws:sns/topic:Topic::other");
    previewCreate.setProperties(Struct.fromJavaScript({ name: "other-1234567" }));
    previewCreate.setPreview(true);
    const planned = await unary<provproto.CreateRequest, provproto.CreateResponse>(
      client.create.bind(client),
      previewCreate,
    );
    expect(planned.getId()).toBe("");
    expect(planned.getProperties()?.toJavaScript()).toMatchObject({ name: "other-1234567", arn: UNKNOWN_SENTINEL });

    const previewUpdate = new provproto.UpdateRequest();
    previewUpdate.setUrn(URN);
    previewUpdate.setId(topic.id);
    previewUpdate.setOlds(Struct.fromJavaScript(topic.outputs));
    previewUpdate.setNews(Struct.fromJavaScript({ ...topic.inputs, displayName: "renamed" }));
    previewUpdate.setPreview(true);
    const updated = await unary<provproto.UpdateRequest, provproto.UpdateResponse>(
      client.update.bind(client),
      previewUpdate,
    );
    expect(updated.getProperties()?.toJavaScript()).toMatchObject({ displayName: "renamed", arn: topic.outputs.arn });
    expect(await readStandinState(statePath)).toEqual(before);
  });

  it("fails a create matched by NEUROPILOT_STANDIN_FAIL_ON with the hook's message", async () => {
    const create = new provproto.CreateRequest();
    create.setUrn("urn:pulumi:dev::neuropilot::aws:sns/topic:Topic::must-fail-topic");
    create.setProperties(Struct.fromJavaScript({ name: "must-fail-topic" }));
    await expect(
      unary<provproto.CreateRequest, provproto.CreateResponse>(client.create.bind(client), create),
    ).rejects.toThrow(/injected failure .*must-fail/);
    expect(await readStandinState(statePath)).toHaveLength(1);
  });
});

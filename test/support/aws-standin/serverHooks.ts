/**
 * `@pulumi/pulumi/provider` answers Configure itself (dropping the configuration) and does not tell a provider
 * whether Create/Update is a preview. These hooks wrap the gRPC service implementation it registers so that:
 * - Configure hands the region to the stand-in and declares: secrets yes (kept as secrets), resource references
 *   and output values no (ids are enough), provider-side previews yes;
 * - Create/Update during a preview return the planned state (ids/ARNs kept on update, unknown when new) without
 *   touching the state file, like the real provider, so previews show updates instead of needless replacements.
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { StandinProvider } from "./provider";
import type { PropertyBag } from "./values";

type ConfigureArgs = ReturnType<provproto.ConfigureRequest["getArgs"]>;
type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

/** The region from a Configure request: typed args first, then the legacy `aws:config:region` variable. */
export function regionFromConfigure(args: ConfigureArgs, variables: ReadonlyMap<string, string>): string | undefined {
  const fromArgs = args?.toJavaScript().region;
  if (typeof fromArgs === "string" && fromArgs !== "") return fromArgs;
  const fromVariables = variables.get("aws:config:region") ?? variables.get("aws:region");
  return fromVariables !== undefined && fromVariables !== "" ? fromVariables : undefined;
}

function bag(struct: ReturnType<provproto.CreateRequest["getProperties"]>): PropertyBag {
  return (struct?.toJavaScript() ?? {}) as PropertyBag;
}

function wrap(
  provider: StandinProvider,
  implementation: grpc.UntypedServiceImplementation,
): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = Object.create(implementation);
  const configure: Unary<provproto.ConfigureRequest, provproto.ConfigureResponse> = (call, callback) => {
    const variables = new Map<string, string>(call.request.getVariablesMap().toArray());
    provider.applyConfig({ region: regionFromConfigure(call.request.getArgs(), variables) });
    const response = new provproto.ConfigureResponse();
    response.setAcceptsecrets(true);
    response.setAcceptresources(false);
    response.setAcceptoutputs(false);
    response.setSupportspreview(true);
    callback(null, response);
  };
  const originalCreate = implementation.create as Unary<provproto.CreateRequest, provproto.CreateResponse>;
  const originalUpdate = implementation.update as Unary<provproto.UpdateRequest, provproto.UpdateResponse>;
  const create: Unary<provproto.CreateRequest, provproto.CreateResponse> = (call, callback) => {
    if (!call.request.getPreview()) return originalCreate.call(implementation, call, callback);
    try {
      const response = new provproto.CreateResponse();
      response.setId("");
      response.setProperties(
        Struct.fromJavaScript(provider.previewCreate(call.request.getUrn(), bag(call.request.getProperties()))),
      );
      callback(null, response);
    } catch (e) {
      callback(e as Error);
    }
  };
  const update: Unary<provproto.UpdateRequest, provproto.UpdateResponse> = (call, callback) => {
    if (!call.request.getPreview()) return originalUpdate.call(implementation, call, callback);
    try {
      const response = new provproto.UpdateResponse();
      const planned = provider.previewUpdate(
        call.request.getUrn(),
        bag(call.request.getOlds()),
        bag(call.request.getNews()),
      );
      response.setProperties(Struct.fromJavaScript(planned));
      callback(null, response);
    } catch (e) {
      callback(e as Error);
    }
  };
  Object.assign(wrapped, { configure, create, update });
  return wrapped;
}

/** Must run before `provider.main` registers the service. */
export function installServerHooks(provider: StandinProvider): void {
  const server = grpc.Server.prototype;
  const originalAddService = server.addService;
  server.addService = function addService(this: grpc.Server, service, implementation) {
    const impl = service === provrpc.ResourceProviderService ? wrap(provider, implementation) : implementation;
    return originalAddService.call(this, service, impl);
  };
}

/**
 * `@pulumi/pulumi/provider` answers the engine's Configure itself and drops the configuration. This hook wraps the
 * gRPC service implementation it registers so the stand-in learns the provider's region, and states exactly what
 * it supports: secrets yes (kept as secrets), resource references and output values no (ids are enough), and no
 * provider-side previews (the engine then shows inputs as planned state and computed outputs as unknown).
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

type ConfigureCall = grpc.ServerUnaryCall<provproto.ConfigureRequest, provproto.ConfigureResponse>;
type ConfigureArgs = ReturnType<provproto.ConfigureRequest["getArgs"]>;
type ConfigureCallback = grpc.sendUnaryData<provproto.ConfigureResponse>;

/** The region from a Configure request: typed args first, then the legacy `aws:config:region` variable. */
export function regionFromConfigure(args: ConfigureArgs, variables: ReadonlyMap<string, string>): string | undefined {
  const fromArgs = args?.toJavaScript().region;
  if (typeof fromArgs === "string" && fromArgs !== "") return fromArgs;
  const fromVariables = variables.get("aws:config:region") ?? variables.get("aws:region");
  return fromVariables !== undefined && fromVariables !== "" ? fromVariables : undefined;
}

export function installConfigureHook(onConfigure: (config: { region?: string }) => void): void {
  const server = grpc.Server.prototype as grpc.Server & { addService: grpc.Server["addService"] };
  const originalAddService = server.addService;
  server.addService = function addService(this: grpc.Server, service, implementation) {
    if (service !== provrpc.ResourceProviderService) return originalAddService.call(this, service, implementation);
    const wrapped: grpc.UntypedServiceImplementation = Object.create(implementation);
    wrapped.configure = (call: ConfigureCall, callback: ConfigureCallback): void => {
      const variables = new Map<string, string>(call.request.getVariablesMap().toArray());
      onConfigure({ region: regionFromConfigure(call.request.getArgs(), variables) });
      const response = new provproto.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      response.setSupportspreview(false);
      callback(null, response);
    };
    return originalAddService.call(this, service, wrapped);
  };
}

package main

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// nodeHost implements pulumirpc.LanguageRuntimeServer for Node.js programs, policy packs and plugins.
// Methods that NeuroPilot does not need (code generation, packing, linking, templates) answer
// codes.Unimplemented with a message naming this host, which the engine treats as "not supported".
type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
	rootDirectory string

	// cancelCtx is cancelled by the Cancel RPC; running programs receive SIGINT when it is.
	cancelCtx  context.Context
	cancelFunc context.CancelFunc
}

func newNodeHost(engineAddress, tracing, rootDirectory string) *nodeHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &nodeHost{
		engineAddress: engineAddress,
		tracing:       tracing,
		rootDirectory: rootDirectory,
		cancelCtx:     ctx,
		cancelFunc:    cancel,
	}
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// Handshake records the engine address (and directories) when the engine attaches to an already running host.
func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	if req.RootDirectory != nil {
		h.rootDirectory = req.GetRootDirectory()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the version this host was built for (the @pulumi/pulumi / engine version).
func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// About reports the node executable and its version, as shown by `pulumi about`.
func (h *nodeHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("pulumi-language-nodejs: could not find `node` on PATH")
	}
	out, err := exec.CommandContext(ctx, nodeBin, "--version").Output()
	nodeVersion := ""
	if err == nil {
		nodeVersion = strings.TrimSpace(string(out))
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    nodeVersion,
		Metadata:   map[string]string{"packagemanager": "npm", "host": "neuropilot pulumi-language-nodejs"},
	}, nil
}

// Cancel asks running programs and plugins to stop (SIGINT) and makes further runs fail fast.
func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// RuntimeOptionsPrompts has nothing to ask: npm is the only package manager this host uses.
func (h *nodeHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Template needs no extra templating for Node.js projects.
func (h *nodeHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

func unsupported(method string) error {
	return status.Errorf(codes.Unimplemented,
		"%s is not supported by NeuroPilot's pulumi-language-nodejs host (only running programs, policy packs and "+
			"plugins is); use the official Pulumi CLI distribution for code generation", method)
}

func (h *nodeHost) Pack(context.Context, *pulumirpc.PackRequest) (*pulumirpc.PackResponse, error) {
	return nil, unsupported("Pack")
}

func (h *nodeHost) Link(context.Context, *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return nil, unsupported("Link")
}

func (h *nodeHost) GenerateProgram(
	context.Context, *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return nil, unsupported("GenerateProgram")
}

func (h *nodeHost) GenerateProject(
	context.Context, *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	return nil, unsupported("GenerateProject")
}

func (h *nodeHost) GeneratePackage(
	context.Context, *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return nil, unsupported("GeneratePackage")
}

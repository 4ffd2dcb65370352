package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitAfterUserActionableMessage is the exit code @pulumi/pulumi's cmd/run uses when it already printed
// an actionable error; the engine is then told to bail without adding its own message.
const exitAfterUserActionableMessage = 32

// Run executes a Pulumi program: `node <nodeargs> <@pulumi/pulumi/cmd/run> <flags> <entry point> <args>`,
// with the configuration in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, as @pulumi/pulumi 3.248.0 expects.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, errors.New("Run: the engine sent no program info")
	}
	nodeBin, err := findNode()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run"
	}
	runPath, err = resolveModule(ctx, nodeBin, info.GetProgramDirectory(), runPath, "`npm install` (or `pulumi install`)")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env, err := programEnv(req, opts)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append(append([]string{}, opts.nodeArgs...), runPath)
	args = append(args, h.runFlags(req)...)
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)
	logging.V(5).Infof("pulumi-language-nodejs: running %s %v", nodeBin, args)

	cmdCtx, cancel := context.WithCancel(h.cancelCtx)
	defer cancel()
	stopOnDone := context.AfterFunc(ctx, cancel)
	defer stopOnDone()

	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = env
	// Node may switch its stdio to non-blocking mode; wrap so exec copies through a pipe instead of sharing the fd.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", nodeBin, err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// runFlags builds the flags that cmd/run parses with minimist.
func (h *nodeHost) runFlags(req *pulumirpc.RunRequest) []string {
	var flags []string
	add := func(name, value string) {
		if value != "" {
			flags = append(flags, "--"+name, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engine())
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", req.GetInfo().GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetInfo().GetProgramDirectory())
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	return flags
}

// programEnv is the host environment plus PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS and the TypeScript switches.
func programEnv(req *pulumirpc.RunRequest, opts nodeOptions) ([]string, error) {
	// @pulumi/pulumi accepts both "<ns>:<name>" and the legacy "<ns>:config:<name>" key forms; send the
	// legacy form like the upstream host does, so older SDK copies in node_modules read it too.
	cfg := make(map[string]string, len(req.GetConfig()))
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, fmt.Errorf("invalid config key %q from the engine: %w", k, err)
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	return append(env, opts.typescriptEnv()...), nil
}

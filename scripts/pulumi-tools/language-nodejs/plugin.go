package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPlugin runs a plugin written in Node.js, streaming its stdout/stderr back to the engine.
//
// For policy packs (kind "analyzer") the engine's analyzer_plugin.go calls RunPlugin with the pack directory as
// the program directory and the engine address in Args. @pulumi/pulumi's cmd/run-policy-pack expects
// `<engine address> <pack dir>` and the stack identity in PULUMI_NODEJS_* / PULUMI_CONFIG, which it only learns
// from the engine's ConfigureStack call: sdk.PolicyProxy answers that call first, then starts forwarding to the
// real pack once it prints its port. Other plugin kinds run @pulumi/pulumi/cmd/run-plugin `<dir> <args...>`.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	info := req.GetInfo()
	if info == nil {
		return errors.New("RunPlugin: the engine sent no program info")
	}
	dir := info.GetProgramDirectory()

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	nodeBin, err := findNode()
	if err != nil {
		return err
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return err
	}
	isPolicyPack := req.GetKind() == string(apitype.AnalyzerPlugin)
	mod := "@pulumi/pulumi/cmd/run-plugin"
	if isPolicyPack {
		mod = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveModule(ctx, nodeBin, dir, mod, "`npm install` in "+dir)
	if err != nil {
		return err
	}

	env := append(append([]string{}, req.GetEnv()...), opts.typescriptEnv()...)
	args := append(append([]string{}, opts.nodeArgs...), runPath)
	if isPolicyPack {
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		stackCfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
		}
		extra, err := policyPackEnv(stackCfg)
		if err != nil {
			return err
		}
		env = append(env, extra...)
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = req.GetPwd()
	if isPolicyPack {
		// Node policy packs have always run from their own directory.
		cmd.Dir = dir
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	logging.V(5).Infof("pulumi-language-nodejs: running plugin %s %v in %s", nodeBin, args, cmd.Dir)

	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start %s for plugin %s: %w", nodeBin, dir, err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("plugin %s exited with non-zero exit code: %d", dir, exitErr.ExitCode())
		}
		return fmt.Errorf("plugin %s: %w", dir, err)
	}
	return closer.Close()
}

// policyPackEnv turns the engine's ConfigureStack request into the variables @pulumi/policy reads at start-up.
func policyPackEnv(cfg *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if cfg == nil {
		return nil, nil
	}
	var env []string
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", cfg.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", cfg.GetProject())
	add("PULUMI_NODEJS_STACK", cfg.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(cfg.GetDryRun()))
	if cfg.GetConfig() != nil {
		b, err := json.Marshal(cfg.GetConfig())
		if err != nil {
			return nil, fmt.Errorf("could not encode the stack configuration for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG", string(b))
	}
	if keys := cfg.GetConfigSecretKeys(); len(keys) > 0 {
		b, err := json.Marshal(keys)
		if err != nil {
			return nil, err
		}
		add("PULUMI_CONFIG_SECRET_KEYS", string(b))
	}
	return env, nil
}

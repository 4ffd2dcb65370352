package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// InstallDependencies runs `npm install` in the program (or plugin) directory and streams its output.
// When node_modules already exists it does nothing: NeuroPilot installs with `npm ci` at the repository root,
// and `pulumi install` / policy-pack start-up must not rewrite that tree.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()

	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}
	if fi, err := os.Stat(filepath.Join(dir, "node_modules")); err == nil && fi.IsDir() {
		fmt.Fprintf(stdout, "node_modules already present in %s; skipping npm install\n", dir)
		return closer.Close()
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return fmt.Errorf("cannot install dependencies: no package.json in %s", dir)
	}
	npmBin, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("cannot install dependencies in %s: `npm` is not on PATH", dir)
	}
	fmt.Fprintf(stdout, "Installing dependencies in %s with npm install...\n", dir)
	cmd := exec.CommandContext(server.Context(), npmBin, "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("`npm install` failed in %s: %w", dir, err)
	}
	fmt.Fprintln(stdout, "Finished installing dependencies")
	return closer.Close()
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// resolveModule asks node where `require.resolve(mod)` points when resolved from dir, so the program's
// (or policy pack's) own copy of @pulumi/pulumi is used, exactly as Node.js itself would find it.
func resolveModule(ctx context.Context, nodeBin, dir, mod, installHint string) (string, error) {
	script := fmt.Sprintf("try{console.log(require.resolve(%q))}catch(e){"+
		"if(e.code==='MODULE_NOT_FOUND'){console.error(%q)}else{console.error(e.message)}process.exit(1)}",
		mod, "Cannot find "+mod+" from "+dir+": the Pulumi SDK is not installed; run "+installHint)
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", fmt.Errorf("running %s to resolve %s: %w", nodeBin, mod, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// findNode locates the node executable on PATH.
func findNode() (string, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("could not find `node` on PATH; install Node.js 20 or later")
	}
	return nodeBin, nil
}

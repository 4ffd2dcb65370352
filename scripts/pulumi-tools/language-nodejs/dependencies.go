package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// GetProgramDependencies lists the npm packages of the program (for `pulumi about`): the direct
// dependencies from package.json with their installed versions, or every package in package-lock.json
// when transitive dependencies are requested.
func (h *nodeHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	var deps []*pulumirpc.DependencyInfo
	var err error
	if req.GetTransitiveDependencies() {
		deps, err = lockfileDependencies(dir)
	} else {
		deps, err = directDependencies(dir)
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Name < deps[j].Name })
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func directDependencies(dir string) ([]*pulumirpc.DependencyInfo, error) {
	pkg, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("reading the program's package.json: %w", err)
	}
	var deps []*pulumirpc.DependencyInfo
	for _, set := range []map[string]string{pkg.Dependencies, pkg.DevDependencies} {
		for name, wanted := range set {
			version := wanted
			if installed, err := readPackageJSON(filepath.Join(dir, "node_modules", name, "package.json")); err == nil {
				version = installed.Version
			}
			deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: version})
		}
	}
	return deps, nil
}

func lockfileDependencies(dir string) ([]*pulumirpc.DependencyInfo, error) {
	path := filepath.Join(dir, "package-lock.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("transitive dependencies need %s: %w", path, err)
	}
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	var deps []*pulumirpc.DependencyInfo
	for key, p := range lock.Packages {
		idx := strings.LastIndex(key, "node_modules/")
		if key == "" || idx < 0 {
			continue
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: key[idx+len("node_modules/"):], Version: p.Version})
	}
	return deps, nil
}

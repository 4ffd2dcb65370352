package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// packageJSON holds the package.json fields this host reads.
type packageJSON struct {
	Name            string                  `json:"name"`
	Version         string                  `json:"version"`
	Pulumi          plugin.PulumiPluginJSON `json:"pulumi"`
	Dependencies    map[string]string       `json:"dependencies"`
	DevDependencies map[string]string       `json:"devDependencies"`
}

func readPackageJSON(path string) (packageJSON, error) {
	var info packageJSON
	b, err := os.ReadFile(path)
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("parsing %s: %w", path, err)
	}
	return info, nil
}

// GetRequiredPackages lists the resource plugins that the program's node_modules packages declare with
// `"pulumi": {"resource": true}` in their package.json (e.g. @pulumi/aws -> plugin aws vX.Y.Z).
func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	deps, err := findResourcePlugins(req.GetInfo().GetProgramDirectory())
	if err != nil {
		// Like the upstream host, a partial answer is better than failing the whole update.
		logging.V(3).Infof("errors while discovering plugins: %v", err)
	}
	packages := make([]*pulumirpc.PackageDependency, 0, len(deps))
	for _, d := range deps {
		packages = append(packages, &pulumirpc.PackageDependency{
			Name: d.Name, Kind: d.Kind, Version: d.Version, Server: d.Server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// GetRequiredPlugins is the deprecated form of GetRequiredPackages, still answered for older engines.
func (h *nodeHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	deps, err := findResourcePlugins(dir)
	if err != nil {
		logging.V(3).Infof("errors while discovering plugins: %v", err)
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: deps}, nil
}

// findResourcePlugins walks every node_modules directory below dir (following symlinks once) and
// collects the plugin declared by each package.json found inside one.
func findResourcePlugins(dir string) ([]*pulumirpc.PluginDependency, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var found []*pulumirpc.PluginDependency
	seen := map[string]bool{}
	var errs []error
	var walk func(dir string, inNodeModules bool)
	walk = func(dir string, inNodeModules bool) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			errs = append(errs, err)
			return
		}
		if seen[real] {
			return
		}
		seen[real] = true
		entries, err := os.ReadDir(real)
		if err != nil {
			errs = append(errs, err)
			return
		}
		childInNodeModules := inNodeModules || filepath.Base(dir) == "node_modules"
		for _, e := range entries {
			path := filepath.Join(real, e.Name())
			isDir := e.IsDir()
			if e.Type()&os.ModeSymlink != 0 {
				if fi, err := os.Stat(path); err == nil {
					isDir = fi.IsDir()
				}
			}
			switch {
			case isDir && (childInNodeModules || e.Name() == "node_modules"):
				if !isPolicyPackDir(path) {
					walk(path, childInNodeModules)
				}
			case !isDir && inNodeModules && e.Name() == "package.json":
				dep, err := pluginOfPackage(path)
				if err != nil {
					errs = append(errs, err)
				} else if dep != nil {
					found = append(found, dep)
				}
			}
		}
	}
	walk(abs, false)
	return found, errors.Join(errs...)
}

// isPolicyPackDir reports whether dir holds a policy pack, whose plugins are not the program's dependencies.
func isPolicyPackDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "PulumiPolicy.yaml"))
	return err == nil
}

// pluginOfPackage returns the resource plugin a package.json declares, or nil when it declares none.
func pluginOfPackage(path string) (*pulumirpc.PluginDependency, error) {
	info, err := readPackageJSON(path)
	if err != nil {
		return nil, err
	}
	if !info.Pulumi.Resource {
		return nil, nil
	}
	name := info.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(info.Name, "@pulumi/") {
			return nil, fmt.Errorf("%s: third-party Pulumi package %q must set \"pulumi\".\"name\"", path, info.Name)
		}
		name = strings.TrimPrefix(info.Name, "@pulumi/")
	}
	version := info.Pulumi.Version
	if version == "" {
		version = info.Version
	}
	if version == "" {
		return nil, fmt.Errorf("%s: missing \"version\"", path)
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	return &pulumirpc.PluginDependency{Name: name, Kind: "resource", Version: version, Server: info.Pulumi.Server}, nil
}

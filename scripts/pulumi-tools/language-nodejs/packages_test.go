package main

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindResourcePlugins(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "package.json"), `{"name":"prog"}`)
	writeFile(t, filepath.Join(dir, "node_modules/@pulumi/aws/package.json"),
		`{"name":"@pulumi/aws","version":"7.48.0","pulumi":{"resource":true,"name":"aws"}}`)
	writeFile(t, filepath.Join(dir, "node_modules/@pulumi/pulumi/package.json"),
		`{"name":"@pulumi/pulumi","version":"3.248.0"}`)
	writeFile(t, filepath.Join(dir, "node_modules/x/node_modules/@pulumi/random/package.json"),
		`{"name":"@pulumi/random","version":"4.0.0","pulumi":{"resource":true}}`)
	writeFile(t, filepath.Join(dir, "node_modules/pack/PulumiPolicy.yaml"), "runtime: nodejs\n")
	writeFile(t, filepath.Join(dir, "node_modules/pack/node_modules/@pulumi/gcp/package.json"),
		`{"name":"@pulumi/gcp","version":"1.0.0","pulumi":{"resource":true}}`)

	deps, err := findResourcePlugins(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range deps {
		if d.Kind != "resource" {
			t.Errorf("%s has kind %q", d.Name, d.Kind)
		}
		got[d.Name] = d.Version
	}
	want := map[string]string{"aws": "v7.48.0", "random": "v4.0.0"}
	if len(got) != len(want) || got["aws"] != want["aws"] || got["random"] != want["random"] {
		t.Errorf("findResourcePlugins = %v, want %v (policy pack dependencies excluded)", got, want)
	}
}

func TestThirdPartyPackageNeedsPluginName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "package.json")
	writeFile(t, path, `{"name":"@acme/thing","version":"1.0.0","pulumi":{"resource":true}}`)
	if _, err := pluginOfPackage(path); err == nil {
		t.Error("a third-party package without pulumi.name was accepted")
	}
}

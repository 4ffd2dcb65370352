package main

import (
	"reflect"
	"testing"
)

func TestSplitArgs(t *testing.T) {
	cases := map[string][]string{
		"":                               nil,
		"--max-old-space-size=4096":      {"--max-old-space-size=4096"},
		`--a "b c"  'd e' f\ g`:          {"--a", "b c", "d e", "f g"},
		`--require ./x.js --enable-x=""`: {"--require", "./x.js", "--enable-x="},
	}
	for in, want := range cases {
		got, err := splitArgs(in)
		if err != nil {
			t.Fatalf("splitArgs(%q): %v", in, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("splitArgs(%q) = %q, want %q", in, got, want)
		}
	}
	if _, err := splitArgs(`"unterminated`); err == nil {
		t.Error("splitArgs accepted an unterminated quote")
	}
}

func TestParseOptions(t *testing.T) {
	opts, err := parseOptions(map[string]any{"typescript": false, "tsconfig": "tsconfig.app.json", "nodeargs": "--inspect"})
	if err != nil {
		t.Fatal(err)
	}
	if opts.typescript || opts.tsconfigPath != "tsconfig.app.json" || !reflect.DeepEqual(opts.nodeArgs, []string{"--inspect"}) {
		t.Errorf("unexpected options %+v", opts)
	}
	if got := opts.typescriptEnv(); !reflect.DeepEqual(got, []string{"PULUMI_NODEJS_TSCONFIG_PATH=tsconfig.app.json"}) {
		t.Errorf("typescriptEnv() = %q", got)
	}
	if _, err := parseOptions(map[string]any{"typescript": "yes"}); err == nil {
		t.Error("parseOptions accepted a non-boolean typescript option")
	}
	if _, err := parseOptions(map[string]any{"packagemanager": "yarn"}); err == nil {
		t.Error("parseOptions accepted packagemanager yarn, which this host does not run")
	}
}

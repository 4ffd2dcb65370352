package main

import (
	"fmt"
	"strings"
	"unicode"
)

// nodeOptions are the `runtime.options` of a Pulumi.yaml / PulumiPolicy.yaml with runtime nodejs.
type nodeOptions struct {
	typescript   bool     // load ts-node so .ts sources run directly (default true)
	tsconfigPath string   // PULUMI_NODEJS_TSCONFIG_PATH
	nodeArgs     []string // extra arguments for the node process
}

// parseOptions validates the runtime options map sent by the engine in ProgramInfo.options.
func parseOptions(raw map[string]any) (nodeOptions, error) {
	opts := nodeOptions{typescript: true}
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, fmt.Errorf("runtime option 'typescript' must be a boolean, got %T", v)
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option 'tsconfig' must be a string, got %T", v)
		}
		opts.tsconfigPath = s
	}
	if v, ok := raw["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option 'nodeargs' must be a string, got %T", v)
		}
		args, err := splitArgs(s)
		if err != nil {
			return opts, fmt.Errorf("runtime option 'nodeargs': %w", err)
		}
		opts.nodeArgs = args
	}
	if v, ok := raw["packagemanager"]; ok {
		if s, isString := v.(string); !isString || (s != "npm" && s != "auto") {
			return opts, fmt.Errorf("runtime option 'packagemanager' must be \"npm\" or \"auto\" for this host, got %v", v)
		}
	}
	return opts, nil
}

// typescriptEnv returns the PULUMI_NODEJS_* variables @pulumi/pulumi's cmd/run reads for TypeScript support.
func (o nodeOptions) typescriptEnv() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigPath)
	}
	return env
}

// splitArgs splits a command-line fragment on white space, honouring single and double quotes and backslashes.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg, escaped := false, false
	var quote rune
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inArg = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inArg = r, true
		case unicode.IsSpace(r):
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or escape in %q", s)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// Command opexlint lints Terraform and OpenTofu plans and configurations against the
// Operational Excellence policy library (see DESIGN.md, "opexlint contract").
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/opexhq/terraform-provider-opex/lint"
	"github.com/opexhq/terraform-provider-opex/lint/config"
	"github.com/opexhq/terraform-provider-opex/lint/report"
	"github.com/opexhq/terraform-provider-opex/lint/rulesdoc"
)

// lintRun is lint.Run; tests replace it to exercise the panic guard.
var lintRun = lint.Run

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

const bugURL = "https://github.com/opexhq/terraform-provider-opex/issues"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Usage: opexlint <command> [flags]

Commands:
  check [flags] PATH   lint a plan JSON, a binary plan file or a directory of .tf files
  rules                list the rules (--format text|json|markdown)
  init                 write a commented .opexlint.hcl
  version              print the version

Run "opexlint <command> -h" for the flags of a command.
Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 usage, input or policy error.
`

// exitError carries an exit status and its one-line message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

// run is the whole command; it never panics (a panic becomes exit 2 with one line).
func run(args []string, stdout, stderr io.Writer) (code int) {
	debugOn := false
	defer func() {
		if r := recover(); r != nil {
			// Only runtime errors are named: other panic values could carry input data.
			what := "unexpected panic"
			if re, ok := r.(runtime.Error); ok {
				what = re.Error()
			}
			fmt.Fprintf(stderr, "opexlint: internal error (%s); this is a bug, please report it at %s\n", what, bugURL)
			if debugOn {
				_, _ = stderr.Write(debug.Stack())
			}
			code = 2
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "check":
		code, err = check(args[1:], stdout, stderr, &debugOn)
	case "rules":
		err = rules(args[1:], stdout)
	case "init":
		err = initCmd(args[1:], stdout)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "opexlint %s\n", version)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
	default:
		err = usageErr("unknown command %q (commands: check, rules, init, version)", args[0])
	}
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == 0 {
			return 0
		}
		fmt.Fprintf(stderr, "opexlint: %s\n", oneLine(err.Error()))
		return 2
	}
	return code
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// parse parses flags that may come before and after positional arguments.
func parse(fs *flag.FlagSet, args []string, help string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &exitError{code: 0, msg: help}
			}
			return nil, usageErr("%s: %v (see opexlint %s -h)", fs.Name(), err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// helpText renders a FlagSet's defaults for -h.
func helpText(fs *flag.FlagSet, synopsis string) string {
	var b bytes.Buffer
	b.WriteString("Usage: opexlint " + synopsis + "\n\nFlags:\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}

// memoryPerPlanByte is the soft limit on the Go heap per byte of plan (see limitMemory).
const memoryPerPlanByte = 3

// limitMemory sets a soft limit on the heap for a large plan file: three times its size, at
// least 1 GiB, unless GOMEMLIMIT says otherwise. With the default GOGC alone the heap grows to
// twice what is live; evaluation of a 100k-change plan then peaks near 4x the plan size. Near
// the limit the collector runs more often instead; the runtime caps the time it takes, so a
// plan whose values need more than the limit is slower, never stopped. It returns the limit
// set, 0 when none.
func limitMemory(path string) int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	limit := max(1<<30, memoryPerPlanByte*st.Size())
	debug.SetMemoryLimit(limit)
	return limit
}

// keepMemorySettings returns a function that restores the collector's settings as they are now.
func keepMemorySettings() (restore func()) {
	gc := debug.SetGCPercent(-1)
	debug.SetGCPercent(gc)
	limit := debug.SetMemoryLimit(-1)
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}

// reportRoom runs once the policies are evaluated (lint.Options.Evaluated): the collector is
// turned off and the limit raised by a quarter, room for the findings and the report, which are
// small beside the plan. A collection there would trace the plan's values once more (OPA's pools
// keep them reachable for a cycle after evaluation) and, near the limit, hand pages back to the
// system only to fault them in again: on a 100k-change plan the report took 0.9 s instead of
// 0.1 s.
func reportRoom(limit int64) {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit + limit/4)
}

func check(args []string, stdout, stderr io.Writer, debugOn *bool) (int, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var opts lint.Options
	var policies, params stringList
	format := fs.String("format", "text", "report format: "+strings.Join(report.Formats, " | "))
	output := fs.String("output", "", "write the report to this file (default stdout)")
	fs.StringVar(&opts.Dir, "dir", "", "configuration root for .tf locations, inline waivers and lifecycle facts (plan input)")
	fs.StringVar(&opts.ConfigFile, "config", "", "configuration file (default "+config.FileName+" in the working dir or --dir)")
	fs.Var(&policies, "policy", "extra Rego policy directory (repeatable)")
	fs.StringVar(&opts.FailOn, "fail-on", "", "exit 1 on a finding at or above: critical | high | medium | low | none (default high)")
	fs.StringVar(&opts.Environment, "environment", "", "the environment the plan deploys to")
	fs.Var(&params, "param", "override a rule parameter, KEY=VALUE (repeatable; VALUE is JSON or a string)")
	fs.StringVar(&opts.TerraformBin, "terraform-bin", "", "terraform or tofu binary to convert binary plans (default: terraform, then tofu, on PATH)")
	fs.DurationVar(&opts.Timeout, "timeout", lint.DefaultTimeout, "bound on policy evaluation")
	fs.BoolVar(debugOn, "debug", false, "print diagnostics (timings, counts; never plan values) on stderr")
	pos, err := parse(fs, args, helpText(fs, "check [flags] PATH"))
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == 0 {
			fmt.Fprint(stdout, ee.msg)
		}
		return 0, err
	}
	if len(pos) != 1 {
		return 0, usageErr("check: want exactly one PATH (a plan JSON, a binary plan or a directory), got %d (see opexlint check -h)", len(pos))
	}
	if !validFormat(*format) {
		return 0, usageErr("--format %q is not one of %s", *format, strings.Join(report.Formats, ", "))
	}
	if opts.FailOn != "" && !contains(config.FailOnLevels, opts.FailOn) {
		return 0, usageErr("--fail-on %q is not one of %s", opts.FailOn, strings.Join(config.FailOnLevels, ", "))
	}
	if opts.Timeout <= 0 {
		return 0, usageErr("--timeout must be positive")
	}
	opts.Path = pos[0]
	opts.PolicyDirs = policies
	opts.Params = params
	opts.Version = version
	if *debugOn {
		opts.Debug = stderr
	}
	defer keepMemorySettings()() // tests run the command in their own process
	if limit := limitMemory(opts.Path); limit > 0 {
		opts.Evaluated = func() { reportRoom(limit) }
	}
	r, err := lintRun(context.Background(), opts)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	color := *format == "text" && *output == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	if err := report.Write(&buf, *format, r, report.Options{Color: color, RulesDocBase: lint.RulesDocBase}); err != nil {
		return 0, err
	}
	if *output != "" {
		if err := os.WriteFile(*output, buf.Bytes(), 0o644); err != nil {
			return 0, fmt.Errorf("--output: %w", err)
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return 0, fmt.Errorf("writing the report: %w", err)
	}
	if r.Failed {
		return 1, nil
	}
	return 0, nil
}

func validFormat(f string) bool { return contains(report.Formats, f) }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func rules(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	format := fs.String("format", "text", "text | json | markdown")
	var policies stringList
	fs.Var(&policies, "policy", "extra Rego policy directory (repeatable)")
	configFile := fs.String("config", "", "configuration file (its policy_dirs are included; default "+config.FileName+" in the working dir)")
	pos, err := parse(fs, args, helpText(fs, "rules [flags]"))
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == 0 {
			fmt.Fprint(stdout, ee.msg)
		}
		return err
	}
	if len(pos) != 0 {
		return usageErr("rules: unexpected argument %q", pos[0])
	}
	if !contains([]string{"text", "json", "markdown"}, *format) {
		return usageErr("--format %q is not one of text, json, markdown", *format)
	}
	wd, _ := os.Getwd()
	s, err := lint.LoadSettings(context.Background(), lint.Options{ConfigFile: *configFile, PolicyDirs: policies}, wd)
	if err != nil {
		return err
	}
	docs, err := rulesdoc.Docs(s.Rules(), s.Engine.Defaults())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rulesdoc.Write(&buf, *format, docs); err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

func initCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	force := fs.Bool("force", false, "overwrite an existing "+config.FileName)
	pos, err := parse(fs, args, helpText(fs, "init [--force] [DIR]"))
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == 0 {
			fmt.Fprint(stdout, ee.msg)
		}
		return err
	}
	dir := "."
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return usageErr("init: want at most one DIR")
	}
	path := filepath.Join(dir, config.FileName)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return usageErr("%s already exists (use --force to overwrite)", path)
	}
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := f.WriteString(config.DefaultFile); err != nil {
		_ = f.Close()
		return fmt.Errorf("init: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

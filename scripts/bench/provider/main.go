// Command provider profiles the opex provider under a real `terraform plan`: it serves the
// provider in this process (debug mode, as the acceptance tests do), runs the given terraform
// binary against it through TF_REATTACH_PROVIDERS, and writes a CPU profile of the provider side.
// Because Terraform attaches instead of starting the plugin, the wall times it prints exclude
// process start-up; compare them with a normal plan to split start-up from per-RPC cost.
//
//	go run ./scripts/bench/provider -terraform bin/terraform -dir DIR -runs 5 -cpuprofile cpu.out
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"runtime/pprof"
	"sort"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/opexhq/terraform-provider-opex/provider"
)

const address = "registry.terraform.io/opexhq/opex"

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

// run is main with errors returned, so that the deferred cancel and profile stop run.
func run() error {
	tfBin := flag.String("terraform", "bin/terraform", "terraform binary")
	dir := flag.String("dir", "", "configuration directory to plan (required)")
	runs := flag.Int("runs", 5, "number of plans")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of all runs here")
	memProfile := flag.String("memprofile", "", "write an allocation profile here")
	flag.Parse()
	if *dir == "" {
		return errors.New("-dir is required")
	}

	// As main.go does for the released binary: without TF_LOG or TF_LOG_PROVIDER, Terraform drops
	// provider logs, so the SDK loggers are turned off (else they would flood this program's stderr).
	provider.SilenceDiscardedLogs(os.Getenv, os.Setenv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reattachCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve(address,
			func() tfprotov6.ProviderServer { return providerserver.NewProtocol6(provider.New("bench")())() },
			tf6server.WithDebug(ctx, reattachCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
		if err != nil {
			log.Fatal(err)
		}
	}()
	rc := <-reattachCh
	reattach, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		return err
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var times []time.Duration
	var tfCPU time.Duration
	selfBefore := cpuTime()
	for i := 0; i < *runs; i++ {
		cmd := exec.Command(*tfBin, "-chdir="+*dir, "plan", "-input=false", "-lock=false", "-refresh=false", "-no-color")
		cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(reattach), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		times = append(times, time.Since(start))
		if err != nil {
			return fmt.Errorf("terraform plan: %w\n%s", err, out)
		}
		tfCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	providerCPU := cpuTime() - selfBefore
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	fmt.Printf("runs %v median %v\n", times, times[len(times)/2])
	n := time.Duration(*runs)
	fmt.Printf("CPU per plan: terraform %v, provider (this process) %v\n", tfCPU/n, providerCPU/n)
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	return nil
}

// cpuTime is the user+system CPU this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Command terraform-provider-opex serves the opex Terraform/OpenTofu provider.
package main

// Provider docs are generated from the schemas and examples/ (terraform must be on PATH: make generate).
//go:generate go tool tfplugindocs generate --provider-name opex --rendered-provider-name opex

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/opexhq/terraform-provider-opex/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	if !debug {
		provider.SilenceDiscardedLogs(os.Getenv, os.Setenv)
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/opexhq/opex",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// Command pulumi-language-nodejs is NeuroPilot's own Node.js language host for the Pulumi engine.
//
// The upstream host lives in a nested Go module that the Go module proxy does not serve, so this
// program implements the LanguageRuntime gRPC service itself, on top of the published
// github.com/pulumi/pulumi/sdk/v3 module. The engine starts it as
//
//	pulumi-language-nodejs [--logtostderr] [-v=N] [--tracing URL] [-root DIR] <engine address>
//
// and reads the port of the gRPC server from the first line of its stdout.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// engineHealthTimeout is how long the host keeps running when the engine stops answering health checks.
const engineHealthTimeout = 5 * time.Minute

func main() {
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint (passed on to the Node.js runtime)")
	root := flag.String("root", "", "project root directory (informational; the engine also sends it per request)")
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Println(version.Version)
		return
	}

	logging.InitLogging(false, 0, false)

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cancelServer := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancelServer)
	}()

	if engineAddress != "" {
		// Exit when the engine goes away, so no host process is left behind.
		if err := rpcutil.Healthcheck(ctx, engineAddress, engineHealthTimeout, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the engine health check: %w", err))
		}
	}

	host := newNodeHost(engineAddress, *tracing, *root)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServer,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host gRPC server: %w", err))
	}

	// The engine reads this line to learn where to connect.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host gRPC server stopped: %w", err))
	}
}

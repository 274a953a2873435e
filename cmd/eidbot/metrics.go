package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/broadcast"
	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/metrics"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/zalooa"
)

// Compile-time proof that *metrics.Metrics is every observer the program
// wires (internal/metrics cannot import the packages that declare them).
var (
	_ bot.Observer           = (*metrics.Metrics)(nil)
	_ bot.CallObserver       = (*metrics.Metrics)(nil)
	_ redisstore.Observer    = (*metrics.Metrics)(nil)
	_ broadcast.Observer     = (*metrics.Metrics)(nil)
	_ zalooa.RefusalObserver = (*metrics.Metrics)(nil)
)

// metricsServer is the listener of /metrics (Config.MetricsAddr): a plain
// net/http server of its own, apart from the webhooks, so that scrapes
// never compete with updates and the series are never on the public
// address. Anyone who reaches it reads the counts (no ids, no text): keep
// it on loopback or an internal network.
type metricsServer struct {
	srv    *http.Server
	ln     net.Listener
	served chan struct{}
}

// startMetrics builds the registry when Config.MetricsAddr is set. It
// runs before the store opens, so that the store's hook sees every
// command.
func (m *Main) startMetrics() {
	if m.Config.MetricsAddr != "" {
		m.meter = metrics.New()
	}
}

// serveMetrics starts listening on Config.MetricsAddr, if set.
func (m *Main) serveMetrics() error {
	if m.meter == nil {
		return nil
	}
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.meter.Handler())
	ms := &metricsServer{ln: ln, served: make(chan struct{}),
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}}
	go func() {
		defer close(ms.served)
		ms.srv.Serve(ln)
	}()
	m.metricsSrv = ms
	m.Log.Info("metrics serving", "listen", ln.Addr().String())
	return nil
}

// MetricsAddr is the address /metrics listens on, "" without metrics.
func (m *Main) MetricsAddr() string {
	if m.metricsSrv == nil {
		return ""
	}
	return m.metricsSrv.ln.Addr().String()
}

// stopMetrics closes the metrics listener, last, so that a scrape during
// the drain still answers.
func (m *Main) stopMetrics() error {
	if m.metricsSrv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := m.metricsSrv.srv.Shutdown(ctx)
	<-m.metricsSrv.served
	return err
}

// calls is the observer of platform API calls, nil without metrics.
func (m *Main) calls() bot.CallObserver {
	if m.meter == nil {
		return nil
	}
	return m.meter
}

// requests is the HTTP server's observer, nil without metrics.
func (m *Main) requests() httpserver.RequestObserver {
	if m.meter == nil {
		return nil
	}
	return m.meter
}

// refusals is the Zalo OA sender's observer, nil without metrics.
func (m *Main) refusals() zalooa.RefusalObserver {
	if m.meter == nil {
		return nil
	}
	return m.meter
}

// campaignObserver is the campaign worker's observer, nil without
// metrics.
func (m *Main) campaignObserver() broadcast.Observer {
	if m.meter == nil {
		return nil
	}
	return m.meter
}

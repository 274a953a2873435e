package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// floodBody is the size of each forged post: twice the old 1 MiB limit,
// as in the load test that found bodies read before the secret.
const floodBody = 2 << 20

// measureFlood starts "eidbot serve" (and, with -compare, each binary
// given) and posts floodBody-byte updates with a wrong secret from n
// connections at once, rounds times each, then prints the server's
// resident memory before, at most during the flood (sampled), after, and
// its high-water mark since it started (VmHWM, Linux). Every post must
// be refused: 401, or the connection closed on a body the server did not
// want.
func measureFlood(ctx context.Context, o options, stub *stubAPI, n int) error {
	env := []string{"REDIS_URL=" + o.redisURL, "TELEGRAM_TOKEN=" + stubToken, "TELEGRAM_WEBHOOK_SECRET=" + secret,
		"TELEGRAM_API_URL=" + stub.URL, "EIDBOT_LOG_LEVEL=error"}
	bins := append([]string{o.bin}, o.compare...)
	fmt.Printf("eidload -flood: %d connections × %d rounds of %d-byte posts with a wrong secret; %s\n", n, o.rounds, floodBody, cpuInfo())
	body := bytes.Repeat([]byte("x"), floodBody)
	for _, bin := range bins {
		s, err := startServer(ctx, bin, []string{"serve"}, env)
		if err != nil {
			return err
		}
		time.Sleep(time.Second) // let it settle before the first reading
		pid := s.cmd.Process.Pid
		before := memKB(pid, "VmRSS")
		during := sampleRSS(pid)
		refused, accepted := flood(ctx, s.url, body, n, o.rounds)
		most, after, hwm := during(), memKB(pid, "VmRSS"), memKB(pid, "VmHWM")
		s.stop()
		fmt.Printf("%-40s RSS before %6.1f MB, during the flood at most %6.1f MB, after %6.1f MB (VmHWM since start %6.1f MB); %d refused, %d accepted\n",
			bin, mb(before), mb(most), mb(after), mb(hwm), refused, accepted)
		if accepted > 0 {
			return fmt.Errorf("%s accepted %d forged posts", bin, accepted)
		}
	}
	return nil
}

// flood posts body with a wrong secret from n goroutines, rounds times
// each, and counts refusals (401, 413 or a closed connection) and
// anything else.
func flood(ctx context.Context, url string, body []byte, n, rounds int) (refused, accepted int) {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for range rounds {
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
				if err != nil {
					return
				}
				req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "forged-secret")
				resp, err := client.Do(req)
				ok := err != nil
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					ok = resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusRequestEntityTooLarge
				}
				mu.Lock()
				if ok {
					refused++
				} else {
					accepted++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return refused, accepted
}

// sampleRSS reads pid's resident memory every 10 ms until the returned
// function is called, which returns the largest reading. VmHWM cannot say
// this: it also holds the start-up's peak.
func sampleRSS(pid int) (stop func() int) {
	done, most := make(chan struct{}), make(chan int)
	go func() {
		peak := memKB(pid, "VmRSS")
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				most <- max(peak, memKB(pid, "VmRSS"))
				return
			case <-tick.C:
				peak = max(peak, memKB(pid, "VmRSS"))
			}
		}
	}()
	return func() int { close(done); return <-most }
}

// memKB reads one "Vm…: N kB" line of /proc/<pid>/status; 0 elsewhere.
func memKB(pid int, field string) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}

func mb(kb int) float64 { return float64(kb) / 1024 }

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times on Linux.
const clockTicks = 100

// cpuTime returns the CPU time (user + system) a process has used so far,
// or 0 where /proc is not available.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// cpuMeter measures the CPU time of several processes over an interval.
type cpuMeter struct {
	names []string
	pids  []int
	start []time.Duration
}

func newCPUMeter(procs map[string]int) *cpuMeter {
	m := &cpuMeter{}
	for name, pid := range procs {
		m.names, m.pids = append(m.names, name), append(m.pids, pid)
		m.start = append(m.start, cpuTime(pid))
	}
	return m
}

// perUpdate reports each process's CPU time per update since the meter started.
func (m *cpuMeter) perUpdate(n int) string {
	var parts []string
	for i, pid := range m.pids {
		d := cpuTime(pid) - m.start[i]
		parts = append(parts, fmt.Sprintf("%s %.0f µs", m.names[i], float64(d.Microseconds())/float64(n)))
	}
	return strings.Join(parts, ", ")
}

// peakRSS is a process's peak resident memory (VmHWM), 0 where /proc is
// not available.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

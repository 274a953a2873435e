package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// Config is everything eidbot reads from the environment. Load validates it
// all at once, so a misconfigured deployment fails at start with every
// problem listed, not at the first update.
type Config struct {
	Addr     string // EIDBOT_ADDR, default ":8080"
	RedisURL string // REDIS_URL; empty means the embedded in-memory store
	// RedisMode is REDIS_MODE: single (default), sentinel or cluster. It
	// says how RedisURL is read (see redisstore.Mode).
	RedisMode     redisstore.Mode
	Token         string     // TELEGRAM_TOKEN
	WebhookSecret string     // TELEGRAM_WEBHOOK_SECRET, required with a token
	APIURL        string     // TELEGRAM_API_URL, default https://api.telegram.org
	LogLevel      slog.Level // EIDBOT_LOG_LEVEL: debug, info, warn, error
	PointsFile    string     // EIDBOT_POINTS_FILE: reception points; empty = the shipped example
	CalendarFile  string     // EIDBOT_CALENDAR_FILE: working-day calendar; empty = the shipped one
	AdminToken    string     // EIDBOT_ADMIN_TOKEN: enables the staff API
	// AdminIDs are the super-admins' user ids (EIDBOT_ADMIN_IDS,
	// comma-separated, "tg:12345" or a bare Telegram id): they grant
	// committee roles.
	AdminIDs  []bot.UserID
	AreasFile string // EIDBOT_AREAS_FILE: wards and communes; empty = the shipped example
	// BroadcastRate is the most campaign messages per second, all bot
	// processes together (EIDBOT_BROADCAST_RATE, default 25: Telegram
	// allows about 30, and replies to people need the rest).
	BroadcastRate int
	// Zalo is the Zalo Bot Platform channel (ZALO_BOT_*); off without a
	// token.
	Zalo ZaloConfig
	// OA is the Zalo Official Account channel (ZALO_OA_*); off without an
	// app id.
	OA ZaloOAConfig
	// WebChat is the web chat channel (EIDBOT_WEBCHAT*, webchat_config.go),
	// on unless turned off.
	WebChat WebChatConfig
	// PublicURL is where people reach this server from the internet
	// (EIDBOT_PUBLIC_URL, e.g. https://bot.example.org), for the links that
	// channels without files show: /ics/<token>. Required with Zalo; the
	// web chat needs none (its files travel in its events).
	PublicURL string
	// PprofAddr is EIDBOT_PPROF_ADDR: where Go's profiler listens, on a
	// loopback address only; empty means off.
	PprofAddr string
	// MetricsAddr is where /metrics listens (EIDBOT_METRICS_ADDR, e.g.
	// 127.0.0.1:9090); empty, the default, turns metrics off. It is a
	// listener of its own, apart from the webhooks: keep it on loopback
	// or an internal network (metrics.go).
	MetricsAddr string
}

// secretPattern is Telegram's rule for secret_token (1-256 of these
// characters), with our own minimum of 16.
var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`)

// Minimum lengths of the secrets (the README's table of secrets lists
// them). 16 characters of a random hex or base64 string are 64 bits or
// more: nobody guesses that through a webhook. The admin token opens
// personal data, so it gets more.
const (
	minWebhookSecret = 16
	minAdminToken    = 24
)

// LoadConfig reads the environment through getenv.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:          or(getenv("EIDBOT_ADDR"), ":8080"),
		RedisURL:      strings.TrimSpace(getenv("REDIS_URL")),
		Token:         strings.TrimSpace(getenv("TELEGRAM_TOKEN")),
		WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
		APIURL:        strings.TrimRight(or(getenv("TELEGRAM_API_URL"), "https://api.telegram.org"), "/"),
		PointsFile:    strings.TrimSpace(getenv("EIDBOT_POINTS_FILE")),
		CalendarFile:  strings.TrimSpace(getenv("EIDBOT_CALENDAR_FILE")),
		AdminToken:    getenv("EIDBOT_ADMIN_TOKEN"),
		AreasFile:     strings.TrimSpace(getenv("EIDBOT_AREAS_FILE")),
		PprofAddr:     strings.TrimSpace(getenv("EIDBOT_PPROF_ADDR")),
		BroadcastRate: 25,
		MetricsAddr:   strings.TrimSpace(getenv("EIDBOT_METRICS_ADDR")),
	}
	var errs []error
	for _, f := range strings.FieldsFunc(getenv("EIDBOT_ADMIN_IDS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		id, ok := bot.ParseUserID(f)
		if !ok {
			errs = append(errs, fmt.Errorf("EIDBOT_ADMIN_IDS: %.40q is not a user id (tg:12345, zb:…, or a bare Telegram id)", f))
			continue
		}
		c.AdminIDs = append(c.AdminIDs, id)
	}
	if r := strings.TrimSpace(getenv("EIDBOT_BROADCAST_RATE")); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n > 30 {
			errs = append(errs, errors.New("EIDBOT_BROADCAST_RATE: messages per second, 1 to 30 (Telegram's limit)"))
		}
		c.BroadcastRate = n
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("EIDBOT_ADDR %q: want host:port, e.g. :8080", c.Addr))
	}
	if _, _, err := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr != "" && err != nil {
		errs = append(errs, fmt.Errorf("EIDBOT_METRICS_ADDR %q: want host:port, e.g. 127.0.0.1:9090", c.MetricsAddr))
	}
	errs = append(errs, c.checkRedis(getenv("REDIS_MODE"))...)
	errs = append(errs, c.loadChannels(getenv)...)
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("TELEGRAM_API_URL %q: want an http(s) URL", c.APIURL))
	}
	if c.Token != "" && !secretPattern.MatchString(c.WebhookSecret) {
		errs = append(errs, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_TOKEN; %d-256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32)", minWebhookSecret))
	}
	if c.AdminToken != "" && (len(c.AdminToken) < minAdminToken || weak(c.AdminToken)) {
		errs = append(errs, fmt.Errorf("EIDBOT_ADMIN_TOKEN: use at least %d random characters, not one character repeated (e.g. openssl rand -hex 24)", minAdminToken))
	}
	if c.PprofAddr != "" && !loopback(c.PprofAddr) {
		errs = append(errs, fmt.Errorf("EIDBOT_PPROF_ADDR %q: the profiler shows the process's memory; give a loopback address, e.g. 127.0.0.1:6060", c.PprofAddr))
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("EIDBOT_LOG_LEVEL"), "info"))); err != nil {
		errs = append(errs, fmt.Errorf("EIDBOT_LOG_LEVEL: %w", err))
	}
	return c, errors.Join(errs...)
}

// weak reports a secret made of one character repeated ("aaaa…"), which
// its length does not make any harder to guess.
func weak(secret string) bool {
	return strings.Count(secret, secret[:1]) == len(secret)
}

// loopback reports whether addr (host:port) listens only on this machine:
// a loopback IP or "localhost". An empty host means every interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// LogValue keeps secrets out of logs: only whether they are set is shown.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.Bool("redis", c.RedisURL != ""),
		slog.String("redis_mode", string(c.RedisMode)),
		slog.Any("channels", c.Channels()),
		slog.Bool("staff_api", c.AdminToken != ""),
		slog.Int("admins", len(c.AdminIDs)),
		slog.Int("broadcast_rate", c.BroadcastRate),
		slog.String("api", c.APIURL),
		slog.String("zalo_bot_api", c.Zalo.APIURL),
		slog.String("zalo_oa_api", c.OA.APIURL),
		slog.String("zalo_oa_area", c.OA.Area),
		slog.String("public_url", c.PublicURL),
		slog.String("metrics", c.MetricsAddr),
	)
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}

// redisForms are the REDIS_URL forms of each REDIS_MODE, for error messages.
var redisForms = map[redisstore.Mode]string{
	redisstore.ModeSingle:   "redis://[user:password@]host:port[/db] or rediss://…",
	redisstore.ModeSentinel: "redis://[sentinel-user:sentinel-password@]sentinel:port?master_name=NAME&addr=sentinel2:port&password=…",
	redisstore.ModeCluster:  "redis://[user:password@]node:port?addr=node2:port&addr=node3:port",
}

// checkRedis reads REDIS_MODE into c and checks REDIS_URL against the
// mode's form (without connecting), returning every problem. No message
// shows a password.
func (c *Config) checkRedis(mode string) []error {
	m, err := redisstore.ParseMode(mode)
	if err != nil {
		return []error{errors.New("REDIS_MODE: single (default), sentinel or cluster")}
	}
	c.RedisMode = m
	if c.RedisURL == "" {
		if m != redisstore.ModeSingle {
			return []error{fmt.Errorf("REDIS_MODE=%s needs REDIS_URL: %s", m, redisForms[m])}
		}
		return nil
	}
	if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
		return []error{fmt.Errorf("REDIS_URL: want %s", redisForms[m])}
	}
	if err := redisstore.CheckURL(m, c.RedisURL); err != nil {
		return []error{fmt.Errorf("REDIS_URL (REDIS_MODE=%s, want %s): %w", m, redisForms[m], err)}
	}
	return nil
}

// storeOptions are the redisstore options the configuration implies.
func (c Config) storeOptions() redisstore.Options {
	return redisstore.Options{Mode: c.RedisMode}
}

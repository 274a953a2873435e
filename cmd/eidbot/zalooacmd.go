package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/zalooa"
)

// zaloOATokenCommand is "eidbot zalo-oa token": it seeds the OA's first
// refresh token, which an OA admin's authorisation of the app yields.
func zaloOATokenCommand() *command {
	return &command{
		name:    "zalo-oa token",
		summary: "seed the Zalo OA's refresh token (from stdin or ZALO_OA_REFRESH_TOKEN) and refresh once",
		about: "Reads the refresh token from ZALO_OA_REFRESH_TOKEN, else from the first line of standard input,\n" +
			"never from the command line (it would land in the shell's history). Stores it in REDIS_URL and\n" +
			"spends it at once on a fresh token pair, so a wrong token shows now. Needs ZALO_OA_APP_ID,\n" +
			"ZALO_OA_SECRET_KEY, ZALO_OA_APP_SECRET and REDIS_URL. Exit status 1 when Zalo refuses it.\n" +
			"Example: eidbot zalo-oa token < refresh-token.txt",
		secretArgs: true,
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error {
				return runZaloOAToken(ctx, e.getenv, e.stdin, e.stdout)
			}
		},
	}
}

// errNoRefreshToken is the error of a seed without a token.
var errNoRefreshToken = errors.New("no refresh token: set ZALO_OA_REFRESH_TOKEN or pipe it to standard input")

// runZaloOAToken reads the refresh token and seeds the OA's tokens.
func runZaloOAToken(ctx context.Context, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	cfg, err := staffConfig(getenv)
	if err != nil {
		return err
	}
	if !cfg.ZaloOA() {
		return errors.New("ZALO_OA_APP_ID is not set")
	}
	token := strings.TrimSpace(getenv("ZALO_OA_REFRESH_TOKEN"))
	if token == "" && stdin != nil {
		line, err := bufio.NewReader(io.LimitReader(stdin, 8<<10)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading the refresh token: %w", err)
		}
		token = strings.TrimSpace(line)
	}
	if token == "" {
		return errNoRefreshToken
	}
	return withStaffStore(ctx, cfg, func(st *redisstore.Store) error {
		_, store, _, err := oaStores(st, cfg.OA.AppID)
		if err != nil {
			return err
		}
		zcfg := oaClientConfig(cfg.OA)
		zcfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
		client, err := zalooa.New(zcfg)
		if err != nil {
			return err
		}
		defer client.Close()
		if err := zalooa.NewTokens(client, store).Seed(ctx, token); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Zalo OA tokens stored and refreshed once: the OA can answer now.")
		return nil
	})
}

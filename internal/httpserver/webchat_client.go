package httpserver

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientAddr is the address the web chat's limits and the staff API's
// throttling count a request against. Behind trusted proxies it is the
// nearest address in
// X-Forwarded-For that none of them added: reading from the right, as
// each proxy appends the address it saw, so an address the client wrote
// into the header itself is never believed. An IPv6 client counts as its
// /64, the block one subscriber gets, or else it could change address per
// request. X-Forwarded-For from any other peer is not believed, and says
// once in the log that a proxy may be missing from EIDBOT_TRUSTED_PROXIES.
func (s *Server) clientAddr(c *fiber.Ctx) string {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	addr := peer.Unmap()
	if s.trusted(addr) {
		hops := c.Context().Request.Header.PeekAll(fiber.HeaderXForwardedFor)
		addr = fromForwarded(addr, hops, s.trusted)
	} else if c.Context().Request.Header.Peek(fiber.HeaderXForwardedFor) != nil {
		s.untrustedProxy.Do(func() {
			s.log.Warn("requests carry X-Forwarded-For from an address not in EIDBOT_TRUSTED_PROXIES: if a reverse proxy is in front, " +
				"set EIDBOT_TRUSTED_PROXIES to its address, or the web chat's limits and the staff API's throttle count every client as the proxy")
		})
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// fromForwarded walks X-Forwarded-For from the right, past trusted hops,
// to the client. A malformed entry stops the walk at the last good hop.
func fromForwarded(peer netip.Addr, headers [][]byte, trusted func(netip.Addr) bool) netip.Addr {
	var hops []string
	for _, h := range headers {
		hops = append(hops, strings.Split(string(h), ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return client
		}
		client = a.Unmap()
		if !trusted(client) {
			return client
		}
	}
	return client
}

// trusted reports whether addr is one of the configured reverse proxies.
func (s *Server) trusted(addr netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

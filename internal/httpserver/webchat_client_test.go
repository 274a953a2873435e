package httpserver

import (
	"net/netip"
	"testing"
)

func TestFromForwarded(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	trusted := func(a netip.Addr) bool {
		for _, p := range proxies {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	peer := netip.MustParseAddr("127.0.0.1")
	for _, tc := range []struct {
		headers []string
		want    string
	}{
		{nil, "127.0.0.1"},
		{[]string{"203.0.113.7"}, "203.0.113.7"},
		{[]string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},             // the client wrote the first one itself
		{[]string{"203.0.113.7, 10.1.2.3"}, "203.0.113.7"},                 // two proxies
		{[]string{"198.51.100.1", "203.0.113.7, 10.1.2.3"}, "203.0.113.7"}, // two header lines
		{[]string{"garbage, 203.0.113.7"}, "203.0.113.7"},                  // stops at the first bad entry from the right
		{[]string{"203.0.113.7, garbage"}, "127.0.0.1"},
		{[]string{"10.9.9.9"}, "10.9.9.9"}, // all trusted: the farthest
		{[]string{"::ffff:203.0.113.7"}, "203.0.113.7"},
	} {
		var hs [][]byte
		for _, h := range tc.headers {
			hs = append(hs, []byte(h))
		}
		if got := fromForwarded(peer, hs, trusted); got.String() != tc.want {
			t.Errorf("%q: %s, want %s", tc.headers, got, tc.want)
		}
	}
}

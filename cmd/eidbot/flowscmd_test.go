package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestFlowsGraphLanguages(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // in the graph
	}{
		{[]string{"booking"}, []string{"language vi", "Bạn đặt lịch cho ai?", `"🙋 Cho tôi"`, "Kết thúc"}},
		{[]string{"booking", "--lang", "en"}, []string{"language en", "Who is the appointment for?", `"🙋 For me"`}},
		{[]string{"--lang=zh", "booking"}, []string{"language zh"}},
		{[]string{"-lang", "ko", "booking"}, []string{"language ko"}},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"flows", "graph"}, tc.args...), env(nil), nil, &out, &errOut)
		if err != nil {
			t.Errorf("%v: %v\n%s", tc.args, err, errOut.String())
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%v: graph lacks %q:\n%s", tc.args, want, out.String())
			}
		}
		if strings.Contains(out.String(), "book.q.who") || strings.Contains(out.String(), "book.btn.") {
			t.Errorf("%v: graph shows message ids:\n%s", tc.args, out.String())
		}
	}
}

func TestFlowsGraphErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"booking", "--lang", "fr"}, `unknown language "fr" for --lang (have vi, en, zh, ko)`},
		{[]string{"--lang", "", "booking"}, `unknown language ""`},
		{[]string{}, "usage: eidbot flows graph FLOW [--lang vi|en|zh|ko]"},
		{[]string{"booking", "visit"}, "usage: eidbot flows graph FLOW"},
		{[]string{"nope"}, `no flow "nope"`},
		{[]string{"booking", "--colour"}, "flag provided but not defined: -colour"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"flows", "graph"}, tc.args...), env(nil), nil, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tc.args, err, tc.want)
		}
		if out.Len() > 0 {
			t.Errorf("%v: printed a graph despite the error:\n%s", tc.args, out.String())
		}
	}
}

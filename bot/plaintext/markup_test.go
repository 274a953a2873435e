package plaintext

import "testing"

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "xin chào", "xin chào"},
		{"bold italic underline code", "<b>Bước 1:</b> mang <i>căn cước</i> và <u>điện thoại</u>, mã <code>AB-12</code>", "Bước 1: mang căn cước và điện thoại, mã AB-12"},
		{"nested", "<b><i>đậm nghiêng</i></b>", "đậm nghiêng"},
		{"entities", "a &lt; b &gt; c &amp; &quot;d&quot; &#39;e&#39; &#x1F600;", `a < b > c & "d" 'e' 😀`},
		{"escaped tag stays text", "&lt;b&gt;not bold&lt;/b&gt;", "<b>not bold</b>"},
		{"link", `Xem <a href="https://vneid.gov.vn/huong-dan">hướng dẫn</a> nhé`, "Xem hướng dẫn: https://vneid.gov.vn/huong-dan nhé"},
		{"link text is the address", `<a href="https://vneid.gov.vn">https://vneid.gov.vn</a>`, "https://vneid.gov.vn"},
		{"link text is the bare address", `<a href="https://vneid.gov.vn/">vneid.gov.vn</a>`, "https://vneid.gov.vn/"},
		{"link without text", `<a href="https://x.vn"></a>`, "https://x.vn"},
		{"link with formatted text", `<a href="https://x.vn"><b>X</b></a>`, "X: https://x.vn"},
		{"link href entities", `<a href="https://x.vn/?a=1&amp;b=2">x</a>`, "x: https://x.vn/?a=1&b=2"},
		{"link single quotes", `<a href='https://x.vn'>x</a>`, "x: https://x.vn"},
		{"link without href", `<a>x</a>`, "x"},
		{"unclosed link", `<a href="https://x.vn">x`, "x: https://x.vn"},
		{"stray closing tag", "x</b>y</a>", "xy"},
		{"stray less-than", "a < b <3", "a ‹ b ‹3"},
		{"broken tag", "<b<b>>x", "‹b>x"},
		{"blank lines from dropped tags", "a\n<b>\n</b>\n\n\nb", "a\n\nb"},
		{"trailing spaces and CRLF", "a <b>x</b> \r\nb", "a x\nb"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"upper-case tags", "<B>x</B>", "x"},
		{"br", "a<br/>b", "a\nb"},
		{"blockquote pre spoiler", "<blockquote>q</blockquote><pre>p</pre><tg-spoiler>s</tg-spoiler>", "qps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

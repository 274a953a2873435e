package bot

// ReadForTest lets the external tests read a typed question inside a
// turn, as the typed-question handlers do (turn.read).
func ReadForTest(t Turn, text string) Question { return t.(*turn).read(text) }

package bot

// DisplayWidth exposes displayWidth to the external tests.
var DisplayWidth = displayWidth

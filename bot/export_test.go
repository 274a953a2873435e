package bot

// DisplayWidth exposes displayWidth to the external tests.
var DisplayWidth = displayWidth

// ReminderTimes exposes reminderTimes to the external tests.
var ReminderTimes = reminderTimes

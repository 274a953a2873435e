package bot

// ReminderTimes exposes reminderTimes to the external tests.
var ReminderTimes = reminderTimes

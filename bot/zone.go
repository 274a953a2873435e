package bot

import "time"

// Vietnam is Asia/Ho_Chi_Minh, the zone every date and time the bot shows,
// reads or stores as a calendar day is reckoned in. Vietnam has kept UTC+7
// without daylight saving since 1975, so a fixed zone is exact and needs no
// time-zone database (the container image ships none). It carries the IANA
// name, which calendar files (.ics TZID) show.
var Vietnam = time.FixedZone("Asia/Ho_Chi_Minh", 7*60*60)

// DayKey is t's calendar day in Vietnam in the YYYYMMDD form
// Appointments.ForPoint takes and stores index appointments by.
func DayKey(t time.Time) string { return t.In(Vietnam).Format("20060102") }

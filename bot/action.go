package bot

// Action is logic a flow cannot express as data. It runs inside Step, so it
// must be pure: it reads and changes the turn's session, adds replies, and
// asks for booking state through t.fact. It returns an outcome: "" to go on
// to the step's next, a name the step maps with on:, or stop when it has
// said all there is (or is waiting for a fact).
type Action func(t *turn) string

// stop is the outcome of an action after which the turn ends where it is.
const stop = "stop"

// actions are the named actions flows may call with "action: name". They
// are set in init because actions start flows, which run actions.
var actions map[string]Action

func init() {
	actions = map[string]Action{
		"case_summary":      (*turn).caseSummary,
		"booking_start":     (*turn).bookingStart,
		"booking_summary":   (*turn).bookingSummary,
		"book":              (*turn).bookAppointment,
		"appointment_show":  (*turn).appointmentShow,
		"appointment_files": (*turn).appointmentFiles,
		"reschedule_start":  (*turn).rescheduleStart,
		"reschedule":        (*turn).rescheduleAppointment,
		"cancel":            (*turn).cancelAppointment,
		"visit_request":     (*turn).visitRequest,
		"subscription_show": (*turn).subscriptionShow,
		"subscribe":         (*turn).subscribeAction,
		"activated_start":   (*turn).activatedStart,
		"activated_save":    (*turn).activatedSave,
		"broadcast_start":   (*turn).broadcastStart,
		"broadcast_preview": (*turn).broadcastPreview,
		"broadcast_submit":  (*turn).broadcastSubmit,
	}
}

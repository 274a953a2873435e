package zalooa

// Zalo answers an OA API call with HTTP 200 and a body whose "error" is 0
// on success and negative on failure [O]: the body decides, not the
// status. This table is every code the package treats specially, with how
// sure we are of its meaning; a negative code not listed is a refusal for
// good (bot.ErrRejected), logged with its message.
const (
	// CodeTokenExpired: the access token is invalid or expired. The
	// sender refreshes once and sends again. [T]
	CodeTokenExpired = -216
	// CodeInvalidParam: the request's parameters are invalid. ZALO.md
	// reads it as an invalid token from Zalo's Java SDK [O], third-party
	// code as "user not followed" [T]: we only know it is a refusal. [U]
	CodeInvalidParam = -201
	// CodePermission: the app lacks the permission for the API. [O]
	CodePermission = -202
	// CodeInvalidMessage: the message is not valid. [O]
	CodeInvalidMessage = -204
	// CodeTooLong: a parameter exceeds its maximum length. [U]
	CodeTooLong = -210
	// CodeOutOfQuota: the OA's message quota is used up. [U]
	CodeOutOfQuota = -211
	// CodeOutsideWindow: the user has not written to the OA within the
	// reply window (48 h). The stand-in server answers a reply beyond the
	// window with it. [T]
	CodeOutsideWindow = -213
	// CodeUserBlocked: the user does not accept the OA's messages. [U]
	CodeUserBlocked = -217
	// CodeNoInteraction: the user has not interacted with the OA in the
	// last 7 days. [T]
	CodeNoInteraction = -230
	// CodeNoInteractionYet: the user has no interaction the OA may answer.
	// [U]
	CodeNoInteractionYet = -232
	// CodeRateLimited: too many calls; tried again after a backoff. [U]
	CodeRateLimited = -32
)

// codeClass is what a code means to the sender.
type codeClass int

const (
	classRejected  codeClass = iota // refused for good: bot.ErrRejected
	classExpired                    // refresh the token and try once more
	classWindow                     // outside the reply window or quota: ErrOutsideWindow
	classBlocked                    // the user refuses the OA: bot.ErrBlocked
	classTemporary                  // may pass: retried, then left to the caller's retry
)

// codeClasses maps the codes above; anything else negative is rejected.
var codeClasses = map[int]codeClass{
	CodeTokenExpired:     classExpired,
	CodeOutOfQuota:       classWindow,
	CodeOutsideWindow:    classWindow,
	CodeNoInteraction:    classWindow,
	CodeNoInteractionYet: classWindow,
	CodeUserBlocked:      classBlocked,
	CodeRateLimited:      classTemporary,
}

// classOf classifies a negative error code.
func classOf(code int) codeClass {
	if c, ok := codeClasses[code]; ok {
		return c
	}
	return classRejected
}

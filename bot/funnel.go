package bot

// mark counts the person at a funnel stage in their area, if the funnel is
// configured. Marking is idempotent, so a retried update does no harm.
func (t *turn) mark(stage, area string) {
	if t.e.funnel == nil {
		return
	}
	t.effects = append(t.effects, Effect{Kind: EffectMark, Stage: stage, Area: area})
}

// markVerdict counts a finished check, and an eligible one, in the
// person's area as far as it is known.
func (t *turn) markVerdict(outcome string) {
	t.mark(StageChecked, t.s.Area)
	if outcome == "eligible" {
		t.mark(StageEligible, t.s.Area)
	}
}

// markBooked counts a booking in the area of the point booked. A person
// whose area is not known yet is taken to live there.
func (t *turn) markBooked(pointID string) {
	area := ""
	if t.e.committee != nil {
		area = AreaOf(t.e.committee.areas, pointID)
	}
	if t.s.Area == "" {
		t.s.Area = area
	}
	t.mark(StageBooked, area)
}

// activatedStart handles "I have activated my level-2 account". With the
// person's area known it counts them at once (outcome done); otherwise
// the flow asks for the area.
func (t *turn) activatedStart() string {
	if t.e.committee == nil || t.s.Area != "" {
		t.mark(StageActivated, t.s.Area)
		return "done"
	}
	return ""
}

// activatedSave counts the person in the area they chose; "elsewhere"
// counts them under no area.
func (t *turn) activatedSave() string {
	area := t.answerOf("act_area")
	if _, ok := t.e.committee.byID[area]; ok {
		t.s.Area = area
	} else {
		area = ""
	}
	t.mark(StageActivated, area)
	return ""
}

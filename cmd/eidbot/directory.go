package main

import (
	"errors"
	"fmt"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/booking"
)

// loadDirectory reads the points and calendar files named by
// EIDBOT_POINTS_FILE and EIDBOT_CALENDAR_FILE, or the embedded examples.
func loadDirectory(pointsFile, calendarFile string) (*booking.Reception, error) {
	points, cal := booking.DefaultPoints(), booking.DefaultCalendar()
	var err error
	if pointsFile != "" {
		if points, err = booking.LoadPointsFile(pointsFile); err != nil {
			return nil, fmt.Errorf("EIDBOT_POINTS_FILE: %w", err)
		}
	}
	if calendarFile != "" {
		if cal, err = booking.LoadCalendarFile(calendarFile); err != nil {
			return nil, fmt.Errorf("EIDBOT_CALENDAR_FILE: %w", err)
		}
	}
	return booking.NewReception(points, cal), nil
}

// loadAreas reads the wards and communes committees serve, checked against
// the reception points. The shipped areas list the shipped points, so a
// deployment with its own points file needs its own areas file too.
func loadAreas(areasFile, pointsFile string, d *booking.Reception) ([]bot.Area, error) {
	switch {
	case areasFile != "":
		areas, err := booking.LoadAreasFile(areasFile, d.IDs())
		if err != nil {
			return nil, fmt.Errorf("EIDBOT_AREAS_FILE: %w", err)
		}
		return areas, nil
	case pointsFile != "":
		return nil, errors.New("EIDBOT_AREAS_FILE: required with EIDBOT_POINTS_FILE (the shipped areas list the shipped points)")
	}
	return booking.DefaultAreas(), nil
}

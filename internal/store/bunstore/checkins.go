package bunstore

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// UpsertCheckin stores the day's check-in, replacing an earlier one of the
// same day; created reports a new day. Safe against two writes racing.
func (s *Store) UpsertCheckin(ctx context.Context, c *store.StoredCheckin) (bool, error) {
	var created bool
	err := s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		res, err := t.w.ExecContext(ctx, "INSERT INTO checkins (user_id, local_date, sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date) DO NOTHING",
			c.UserID, c.LocalDate, c.Sealed, micros(c.CreatedAt), micros(c.UpdatedAt))
		if err != nil {
			return wrap(err, "save check-in of %s", c.UserID)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			created = true
			return nil
		}
		_, err = t.w.ExecContext(ctx, "UPDATE checkins SET sealed = ?, updated_at = ? WHERE user_id = ? AND local_date = ?", c.Sealed, micros(c.UpdatedAt), c.UserID, c.LocalDate)
		return wrap(err, "update check-in of %s", c.UserID)
	})
	return created, err
}

// ListCheckins returns check-ins on or after fromDate, newest first.
func (s *Store) ListCheckins(ctx context.Context, userID, fromDate string) ([]*store.StoredCheckin, error) {
	rows, err := s.query(ctx, "SELECT user_id, local_date, sealed, created_at, updated_at FROM checkins WHERE user_id = ? AND local_date >= ? ORDER BY local_date DESC", userID, fromDate)
	if err != nil {
		return nil, wrap(err, "list check-ins of %s", userID)
	}
	defer rows.Close()
	var out []*store.StoredCheckin
	for rows.Next() {
		var c store.StoredCheckin
		var created, updated int64
		if err := rows.Scan(&c.UserID, &c.LocalDate, &c.Sealed, &created, &updated); err != nil {
			return nil, wrap(err, "list check-ins of %s", userID)
		}
		c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
		out = append(out, &c)
	}
	return out, wrap(rows.Err(), "list check-ins of %s", userID)
}

// DeleteUserCheckins removes a user's check-ins and recovery log.
func (s *Store) DeleteUserCheckins(ctx context.Context, userID string) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM checkins WHERE user_id = ?", userID); err != nil {
		return wrap(err, "delete check-ins of %s", userID)
	}
	if _, err := s.w.ExecContext(ctx, "DELETE FROM checkin_reminders WHERE user_id = ?", userID); err != nil {
		return wrap(err, "delete reminder of %s", userID)
	}
	if _, err := s.w.ExecContext(ctx, "DELETE FROM capital_surveys WHERE user_id = ?", userID); err != nil {
		return wrap(err, "delete surveys of %s", userID)
	}
	_, err := s.w.ExecContext(ctx, "DELETE FROM recovery_logs WHERE user_id = ?", userID)
	return wrap(err, "delete recovery log of %s", userID)
}

// SaveCapitalSurvey stores the month's survey, replacing an earlier one.
func (s *Store) SaveCapitalSurvey(ctx context.Context, userID, month string, sealed []byte, at time.Time) (bool, error) {
	var created bool
	err := s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		res, err := t.w.ExecContext(ctx, "INSERT INTO capital_surveys (user_id, month, sealed, taken_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, month) DO NOTHING", userID, month, sealed, micros(at))
		if err != nil {
			return wrap(err, "save survey of %s", userID)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			created = true
			return nil
		}
		_, err = t.w.ExecContext(ctx, "UPDATE capital_surveys SET sealed = ?, taken_at = ? WHERE user_id = ? AND month = ?", sealed, micros(at), userID, month)
		return wrap(err, "update survey of %s", userID)
	})
	return created, err
}

// ListCapitalSurveys returns a user's surveys by month, oldest first.
func (s *Store) ListCapitalSurveys(ctx context.Context, userID string) ([]string, [][]byte, error) {
	rows, err := s.query(ctx, "SELECT month, sealed FROM capital_surveys WHERE user_id = ? ORDER BY month", userID)
	if err != nil {
		return nil, nil, wrap(err, "list surveys of %s", userID)
	}
	defer rows.Close()
	var months []string
	var sealed [][]byte
	for rows.Next() {
		var m string
		var b []byte
		if err := rows.Scan(&m, &b); err != nil {
			return nil, nil, wrap(err, "list surveys of %s", userID)
		}
		months, sealed = append(months, m), append(sealed, b)
	}
	return months, sealed, wrap(rows.Err(), "list surveys of %s", userID)
}

// FindRecoveryLog returns the sealed log; store.ErrNotFound when none.
func (s *Store) FindRecoveryLog(ctx context.Context, userID string) ([]byte, error) {
	var sealed []byte
	err := s.readRow(ctx, "SELECT sealed FROM recovery_logs WHERE user_id = ?", userID).Scan(&sealed)
	return sealed, wrap(err, "find recovery log of %s", userID)
}

// SaveRecoveryLog stores the sealed log.
func (s *Store) SaveRecoveryLog(ctx context.Context, userID string, sealed []byte, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO recovery_logs (user_id, sealed, updated_at) VALUES (?, ?, ?)
ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`, userID, sealed, micros(at))
	return wrap(err, "save recovery log of %s", userID)
}

// SetReminder sets or removes a user's reminder time.
func (s *Store) SetReminder(ctx context.Context, userID, localTime string) error {
	if localTime == "" {
		_, err := s.w.ExecContext(ctx, "DELETE FROM checkin_reminders WHERE user_id = ?", userID)
		return wrap(err, "remove reminder of %s", userID)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO checkin_reminders (user_id, local_time) VALUES (?, ?)
ON CONFLICT (user_id) DO UPDATE SET local_time = excluded.local_time`, userID, localTime)
	return wrap(err, "set reminder of %s", userID)
}

// FindReminder returns the reminder; store.ErrNotFound when none.
func (s *Store) FindReminder(ctx context.Context, userID string) (string, string, error) {
	var t, last string
	err := s.readRow(ctx, "SELECT local_time, last_sent FROM checkin_reminders WHERE user_id = ?", userID).Scan(&t, &last)
	return t, last, wrap(err, "find reminder of %s", userID)
}

// ListReminders returns every reminder.
func (s *Store) ListReminders(ctx context.Context) ([]store.Reminder, error) {
	rows, err := s.query(ctx, "SELECT user_id, local_time, last_sent FROM checkin_reminders ORDER BY user_id")
	if err != nil {
		return nil, wrap(err, "list reminders")
	}
	defer rows.Close()
	var out []store.Reminder
	for rows.Next() {
		var r store.Reminder
		if err := rows.Scan(&r.UserID, &r.LocalTime, &r.LastSent); err != nil {
			return nil, wrap(err, "list reminders")
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "list reminders")
}

// MarkReminderSent records the local date a reminder went out.
func (s *Store) MarkReminderSent(ctx context.Context, userID, date string) error {
	_, err := s.w.ExecContext(ctx, "UPDATE checkin_reminders SET last_sent = ? WHERE user_id = ?", date, userID)
	return wrap(err, "mark reminder of %s", userID)
}

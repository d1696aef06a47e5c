package bunstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// migration is one versioned schema change. Its SQL may use {blob} and
// {bool} for the dialect's binary and boolean types. Times are stored as
// BIGINT microseconds since the epoch (UTC), the same on both databases.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations run in order; never edit one that has shipped, add a new one.
var migrations = []migration{
	{1, "accounts, sessions, profiles, audit, rate limits", `
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	email TEXT UNIQUE,
	email_verified_at BIGINT,
	password_hash TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL,
	mfa_secret_enc {blob},
	mfa_enabled {bool} NOT NULL DEFAULT FALSE,
	created_at BIGINT NOT NULL,
	deleted_at BIGINT
);
CREATE INDEX users_role ON users (role);
CREATE TABLE recovery_codes (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at BIGINT,
	PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	auth_at BIGINT NOT NULL,
	mfa_pending {bool} NOT NULL DEFAULT FALSE,
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE TABLE one_time_tokens (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id);
CREATE TABLE profiles (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	display_name TEXT NOT NULL,
	time_zone TEXT NOT NULL DEFAULT '',
	sealed {blob},
	visibility TEXT NOT NULL DEFAULT '{}',
	updated_at BIGINT NOT NULL
);
CREATE TABLE audit_log (
	id TEXT PRIMARY KEY,
	actor_id TEXT NOT NULL DEFAULT '',
	subject_id TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	fields TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE TABLE rate_limits (
	key TEXT PRIMARY KEY,
	window_start BIGINT NOT NULL,
	count INTEGER NOT NULL
);
{audit_append_only}
`},
	{2, "check-ins and recovery logs", `
CREATE TABLE checkins (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	local_date TEXT NOT NULL,
	sealed {blob} NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, local_date)
);
CREATE TABLE recovery_logs (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	sealed {blob} NOT NULL,
	updated_at BIGINT NOT NULL
);
`},
	{3, "accountability partners and notifications", `
CREATE TABLE partnerships (
	id TEXT PRIMARY KEY,
	requester_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	partner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	sides TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX partnerships_requester ON partnerships (requester_id);
CREATE INDEX partnerships_partner ON partnerships (partner_id);
CREATE INDEX partnerships_status ON partnerships (status);
CREATE TABLE notifications (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	sealed {blob} NOT NULL,
	created_at BIGINT NOT NULL,
	read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
`},
	{4, "email notification opt-in", `
ALTER TABLE users ADD COLUMN notify_email {bool} NOT NULL DEFAULT FALSE;
`},
	{5, "recovery-capital surveys", `
CREATE TABLE capital_surveys (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	month TEXT NOT NULL,
	sealed {blob} NOT NULL,
	taken_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, month)
);
`},
	{6, "check-in reminders", `
CREATE TABLE checkin_reminders (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	local_time TEXT NOT NULL,
	last_sent TEXT NOT NULL DEFAULT ''
);
`},
	{7, "directory meetings", `
CREATE TABLE directory_meetings (
	source TEXT NOT NULL,
	slug TEXT NOT NULL,
	data TEXT NOT NULL,
	day INTEGER NOT NULL,
	attendance TEXT NOT NULL,
	retired_at BIGINT,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (source, slug)
);
CREATE INDEX directory_meetings_day ON directory_meetings (day, attendance);
`},
	{8, "directory facilities", `
CREATE TABLE directory_facilities (
	source TEXT NOT NULL,
	id TEXT NOT NULL,
	data TEXT NOT NULL,
	retired_at BIGINT,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (source, id)
);
`},
	{9, "feedback to the admins", `
CREATE TABLE feedback (
	id TEXT PRIMARY KEY,
	sealed {blob} NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX feedback_created ON feedback (created_at);
`},
	{10, "resource library, seeded with a small curated set", `
CREATE TABLE resources (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	url TEXT NOT NULL,
	description TEXT NOT NULL,
	tags TEXT NOT NULL,
	status TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	reason TEXT NOT NULL,
	helped INTEGER NOT NULL,
	broken INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX resources_status ON resources (status);
CREATE TABLE resource_marks (
	resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	PRIMARY KEY (resource_id, user_id, kind)
);
INSERT INTO resources (id, title, url, description, tags, status, submitted_by, reason, helped, broken, created_at) VALUES
('r-samhsa-helpline', 'SAMHSA National Helpline', 'https://www.samhsa.gov/find-help/national-helpline', 'Free, confidential, 24/7 treatment referral and information, in English and Spanish: 1-800-662-4357.', 'helpline,treatment', 'published', '', '', 0, 0, 0),
('r-findtreatment', 'FindTreatment.gov', 'https://findtreatment.gov/', 'SAMHSA''s locator for state-licensed treatment programs for substance use and mental health.', 'treatment', 'published', '', '', 0, 0, 0),
('r-988', '988 Suicide & Crisis Lifeline', 'https://988lifeline.org/', 'Call or text 988 in the US, any time, for support in a crisis.', 'crisis,helpline', 'published', '', '', 0, 0, 0),
('r-nida', 'NIDA: resources for health professionals', 'https://nida.nih.gov/nidamed-medical-health-professionals', 'The National Institute on Drug Abuse''s evidence-based resources, including Words Matter.', 'professional,research', 'published', '', '', 0, 0, 0),
('r-aa', 'Alcoholics Anonymous: find a meeting', 'https://www.aa.org/find-aa', 'Meeting finder of Alcoholics Anonymous.', '12-step,meetings', 'published', '', '', 0, 0, 0),
('r-na', 'Narcotics Anonymous: find a meeting', 'https://www.na.org/meetingsearch/', 'Meeting search of Narcotics Anonymous.', '12-step,meetings', 'published', '', '', 0, 0, 0),
('r-smart', 'SMART Recovery meetings', 'https://meetings.smartrecovery.org/', 'Science-based mutual-help meetings, in person and online.', 'smart-recovery,meetings', 'published', '', '', 0, 0, 0);
`},
	{11, "registered meeting feeds", `
CREATE TABLE meeting_sources (
	name TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	time_zone TEXT NOT NULL,
	last_refresh BIGINT NOT NULL DEFAULT 0,
	last_result TEXT NOT NULL DEFAULT ''
);
`},
	{12, "directory versions for search caches", `
CREATE TABLE directory_versions (
	name TEXT PRIMARY KEY,
	version BIGINT NOT NULL
);
`},
	{13, "connections and blocks", `
CREATE TABLE connections (
	id TEXT PRIMARY KEY,
	requester_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	other_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	pair TEXT NOT NULL UNIQUE,
	accepted {bool} NOT NULL DEFAULT FALSE,
	created_at BIGINT NOT NULL
);
CREATE INDEX connections_requester ON connections (requester_id);
CREATE INDEX connections_other ON connections (other_id);
CREATE TABLE blocks (
	blocker_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	blocked_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);
`},
	{14, "peer groups, conversations, messages, group meetings, calendar feeds", `
CREATE TABLE peer_groups (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	guidelines TEXT NOT NULL DEFAULT '',
	visibility TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	archived_at BIGINT
);
CREATE INDEX peer_groups_visibility ON peer_groups (visibility, archived_at);
CREATE TABLE group_members (
	group_id TEXT NOT NULL REFERENCES peer_groups (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	guidelines_accepted_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id, status);
CREATE TABLE conversations (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	pair TEXT UNIQUE,
	started_by TEXT NOT NULL DEFAULT '',
	last_seq BIGINT NOT NULL DEFAULT 0,
	last_change BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE TABLE conversation_members (
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	state TEXT NOT NULL,
	last_read_seq BIGINT NOT NULL DEFAULT 0,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);
CREATE TABLE messages (
	id TEXT PRIMARY KEY,
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	seq BIGINT NOT NULL,
	change BIGINT NOT NULL,
	author_id TEXT NOT NULL,
	client_id TEXT NOT NULL,
	body_enc {blob},
	mentions TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT 'text',
	state TEXT NOT NULL DEFAULT 'visible',
	reason TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	edited_at BIGINT,
	UNIQUE (conversation_id, seq),
	UNIQUE (conversation_id, author_id, client_id)
);
CREATE INDEX messages_change ON messages (conversation_id, change);
CREATE INDEX messages_author ON messages (author_id);
CREATE TABLE message_reactions (
	message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (message_id, user_id, kind)
);
CREATE INDEX message_reactions_user ON message_reactions (user_id);
CREATE TABLE group_meetings (
	id TEXT PRIMARY KEY,
	group_id TEXT NOT NULL REFERENCES peer_groups (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	start_local TEXT NOT NULL,
	timezone TEXT NOT NULL,
	duration_minutes INTEGER NOT NULL,
	recurrence TEXT NOT NULL,
	online_url TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL DEFAULT '',
	sequence INTEGER NOT NULL DEFAULT 0,
	created_by TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	deleted_at BIGINT
);
CREATE INDEX group_meetings_group ON group_meetings (group_id);
CREATE TABLE meeting_changes (
	meeting_id TEXT NOT NULL REFERENCES group_meetings (id) ON DELETE CASCADE,
	original_start BIGINT NOT NULL,
	kind TEXT NOT NULL,
	new_start BIGINT,
	PRIMARY KEY (meeting_id, original_start)
);
CREATE TABLE meeting_rsvps (
	meeting_id TEXT NOT NULL REFERENCES group_meetings (id) ON DELETE CASCADE,
	occurrence BIGINT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status TEXT NOT NULL DEFAULT '',
	attended {bool} NOT NULL DEFAULT FALSE,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (meeting_id, occurrence, user_id)
);
CREATE INDEX meeting_rsvps_user ON meeting_rsvps (user_id);
CREATE TABLE meeting_reminders (
	meeting_id TEXT NOT NULL REFERENCES group_meetings (id) ON DELETE CASCADE,
	occurrence BIGINT NOT NULL,
	sent_at BIGINT NOT NULL,
	PRIMARY KEY (meeting_id, occurrence)
);
CREATE TABLE calendar_feeds (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	scope TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);
`},
	{15, "safety net: crisis queue, support alerts, on-duty roster, crisis resources", `
CREATE TABLE safety_flags (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	surface TEXT NOT NULL,
	ref TEXT NOT NULL DEFAULT '',
	level TEXT NOT NULL,
	categories TEXT NOT NULL DEFAULT '',
	severity INTEGER NOT NULL,
	context_enc {blob},
	status TEXT NOT NULL DEFAULT 'open',
	note_enc {blob},
	handled_by TEXT NOT NULL DEFAULT '',
	handled_at BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX safety_flags_queue ON safety_flags (status, severity, created_at);
CREATE INDEX safety_flags_user ON safety_flags (user_id);
CREATE TABLE support_alerts (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	stage TEXT NOT NULL,
	escalate_at BIGINT NOT NULL,
	responder_id TEXT NOT NULL DEFAULT '',
	acknowledged_at BIGINT,
	resolved_by TEXT NOT NULL DEFAULT '',
	resolved_at BIGINT,
	note_enc {blob},
	created_at BIGINT NOT NULL
);
CREATE INDEX support_alerts_user ON support_alerts (user_id, created_at);
CREATE INDEX support_alerts_open ON support_alerts (status, stage);
CREATE TABLE on_duty (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	since BIGINT NOT NULL
);
CREATE TABLE crisis_resources (
	id TEXT PRIMARY KEY,
	country TEXT NOT NULL,
	name TEXT NOT NULL,
	contact TEXT NOT NULL,
	kind TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	updated_at BIGINT NOT NULL
);
CREATE INDEX crisis_resources_country ON crisis_resources (country, position);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('us-988', 'US', '988 Suicide & Crisis Lifeline', 'Call or text 988', 'call', 'If you are thinking about suicide, are in emotional distress, or are worried about someone. Free, confidential, 24 hours a day.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('us-ctl', 'US', 'Crisis Text Line', 'Text HOME to 741741', 'text', 'If you would rather text than talk. A trained volunteer answers, any time.', 2, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('us-samhsa', 'US', 'SAMHSA National Helpline', '1-800-662-4357', 'call', 'Treatment referral and information about substance use, free and confidential, 24 hours a day. Not a crisis line.', 3, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('us-911', 'US', 'Emergency', '911', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('ca-988', 'CA', '9-8-8 Suicide Crisis Helpline', 'Call or text 988', 'call', 'If you are thinking about suicide or are worried about someone. Free, 24 hours a day, in English and French.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('ca-911', 'CA', 'Emergency', '911', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('gb-samaritans', 'GB', 'Samaritans', 'Call 116 123', 'call', 'Whatever you are going through, someone will listen. Free, 24 hours a day.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('gb-shout', 'GB', 'Shout', 'Text SHOUT to 85258', 'text', 'If you would rather text than talk. Free, 24 hours a day.', 2, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('gb-111', 'GB', 'NHS 111', '111', 'call', 'Urgent medical help that is not an emergency.', 3, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('gb-999', 'GB', 'Emergency', '999', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('ie-samaritans', 'IE', 'Samaritans Ireland', 'Call 116 123', 'call', 'Someone will listen, free, 24 hours a day.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('ie-text', 'IE', 'Text About It', 'Text HELLO to 50808', 'text', 'If you would rather text than talk. Free, 24 hours a day.', 2, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('ie-112', 'IE', 'Emergency', '112 or 999', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('au-lifeline', 'AU', 'Lifeline', 'Call 13 11 14 or text 0477 13 11 14', 'call', 'Crisis support and suicide prevention, 24 hours a day.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('au-adf', 'AU', 'National Alcohol and Other Drug Hotline', '1800 250 015', 'call', 'Free, confidential advice about alcohol and other drugs, 24 hours a day.', 2, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('au-000', 'AU', 'Emergency', '000', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('nz-1737', 'NZ', 'Need to talk?', 'Call or text 1737', 'call', 'Free, any time, to talk with a trained counsellor.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('nz-lifeline', 'NZ', 'Lifeline Aotearoa', '0800 543 354', 'call', 'Free, 24 hours a day.', 2, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('nz-111', 'NZ', 'Emergency', '111', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('intl-findahelpline', 'INTL', 'Find A Helpline', 'https://findahelpline.com', 'web', 'A directory of free, confidential helplines in more than 130 countries.', 1, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('intl-emergency', 'INTL', 'Emergency', 'Your local emergency number', 'emergency', 'If a life is in danger now, call your country''s emergency number.', 0, 0);
`},
	{16, "mentorship: profiles and mentorships", `
CREATE TABLE mentorship_profiles (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	mentor {bool} NOT NULL DEFAULT FALSE,
	capacity INTEGER NOT NULL DEFAULT 0,
	paused {bool} NOT NULL DEFAULT FALSE,
	certified_by TEXT NOT NULL DEFAULT '',
	sealed {blob},
	updated_at BIGINT NOT NULL
);
CREATE INDEX mentorship_profiles_mentor ON mentorship_profiles (mentor, paused);
CREATE TABLE mentorships (
	id TEXT PRIMARY KEY,
	mentor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	mentee_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	sealed {blob},
	share TEXT NOT NULL DEFAULT '',
	ended_by TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX mentorships_mentor ON mentorships (mentor_id, status);
CREATE INDEX mentorships_mentee ON mentorships (mentee_id, status);
`},
	{17, "community posts, reports, moderation actions and appeals, account restrictions", `
CREATE TABLE posts (
	id TEXT PRIMARY KEY,
	author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	group_id TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	body_enc {blob},
	content_note TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'visible',
	reason TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX posts_place ON posts (group_id, state, created_at);
CREATE INDEX posts_author ON posts (author_id);
CREATE TABLE post_comments (
	id TEXT PRIMARY KEY,
	post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	body_enc {blob},
	state TEXT NOT NULL DEFAULT 'visible',
	created_at BIGINT NOT NULL
);
CREATE INDEX post_comments_post ON post_comments (post_id, created_at);
CREATE TABLE post_reactions (
	post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	PRIMARY KEY (post_id, user_id, kind)
);
CREATE TABLE reports (
	id TEXT PRIMARY KEY,
	reporter_id TEXT NOT NULL,
	target_type TEXT NOT NULL,
	target_id TEXT NOT NULL,
	target_owner TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL,
	details_enc {blob},
	severity INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	handled_by TEXT NOT NULL DEFAULT '',
	handled_at BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX reports_queue ON reports (status, severity, created_at);
CREATE TABLE moderation_actions (
	id TEXT PRIMARY KEY,
	report_id TEXT NOT NULL DEFAULT '',
	target_type TEXT NOT NULL,
	target_id TEXT NOT NULL,
	subject_id TEXT NOT NULL,
	action TEXT NOT NULL,
	reason TEXT NOT NULL,
	moderator_id TEXT NOT NULL,
	appeal_enc {blob},
	appeal_status TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX moderation_actions_subject ON moderation_actions (subject_id);
CREATE TABLE account_restrictions (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	until_at BIGINT,
	action_id TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
`},
	{18, "trust levels and instance settings", `
CREATE TABLE trust_overrides (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	level INTEGER NOT NULL,
	set_by TEXT NOT NULL,
	set_at BIGINT NOT NULL
);
CREATE TABLE instance_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at BIGINT NOT NULL
);
`},
	{19, "notification preferences and digests", `
CREATE TABLE notification_prefs (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	prefs TEXT NOT NULL,
	digest TEXT NOT NULL DEFAULT 'off',
	last_digest_at BIGINT NOT NULL DEFAULT 0
);
`},
	{20, "organizations, invitations, alumni, consents and disclosures", `
ALTER TABLE peer_groups ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
ALTER TABLE peer_groups ADD COLUMN audience TEXT NOT NULL DEFAULT '';
CREATE TABLE organizations (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE org_members (
	org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	cohort TEXT NOT NULL DEFAULT '',
	joined_at BIGINT NOT NULL,
	discharged_at BIGINT,
	PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_user ON org_members (user_id);
CREATE TABLE org_invitations (
	code_hash TEXT PRIMARY KEY,
	org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	cohort TEXT NOT NULL DEFAULT '',
	expires_at BIGINT NOT NULL,
	used_by TEXT NOT NULL DEFAULT '',
	used_at BIGINT,
	created_by TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE consents (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	recipient_id TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL,
	purpose TEXT NOT NULL,
	starts_at BIGINT NOT NULL,
	ends_at BIGINT NOT NULL,
	signed_at BIGINT NOT NULL,
	revoked_at BIGINT
);
CREATE INDEX consents_user ON consents (user_id);
CREATE TABLE disclosures (
	id TEXT PRIMARY KEY,
	consent_id TEXT NOT NULL REFERENCES consents (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	viewer_id TEXT NOT NULL,
	data TEXT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX disclosures_user ON disclosures (user_id, at);
`},
	{21, "crisis queue feedback: verdicts on flags and flags raised by reports", `
ALTER TABLE safety_flags ADD COLUMN source TEXT NOT NULL DEFAULT 'check';
ALTER TABLE safety_flags ADD COLUMN reported_by TEXT NOT NULL DEFAULT '';
ALTER TABLE safety_flags ADD COLUMN verdict TEXT NOT NULL DEFAULT '';
ALTER TABLE safety_flags ADD COLUMN verdict_by TEXT NOT NULL DEFAULT '';
ALTER TABLE safety_flags ADD COLUMN verdict_at BIGINT;
CREATE INDEX safety_flags_ref ON safety_flags (ref);
`},
	{22, "crisis lines for Mexico, and FRANK for the UK", `
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('mx-911', 'MX', 'Emergencias', '911', 'emergency', 'If a life is in danger now: an overdose, someone not breathing, a serious injury.', 0, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('gb-frank', 'GB', 'FRANK', 'Call 0300 123 6600', 'call', 'Honest, confidential information and advice about drugs, 24 hours a day. Not a crisis line.', 4, 0);
INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at) VALUES ('mx-lineadelavida', 'MX', 'Línea de la Vida', 'Call 800 911 2000', 'call', 'Free, confidential support about substance use and mental health, 24 hours a day, in Spanish.', 1, 0);
`},
	{23, "web push subscriptions, and how support alerts reached people", `
CREATE TABLE push_subscriptions (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	endpoint_hash TEXT NOT NULL UNIQUE,
	sealed {blob} NOT NULL,
	device_name TEXT NOT NULL,
	full_text {bool} NOT NULL DEFAULT FALSE,
	created_at BIGINT NOT NULL,
	last_used_at BIGINT
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);
CREATE TABLE support_alert_reach (
	alert_id TEXT NOT NULL,
	user_id TEXT NOT NULL,
	stage TEXT NOT NULL,
	in_app {bool} NOT NULL DEFAULT FALSE,
	email {bool} NOT NULL DEFAULT FALSE,
	push_devices INTEGER NOT NULL DEFAULT 0,
	push_accepted INTEGER NOT NULL DEFAULT 0,
	at BIGINT NOT NULL,
	PRIMARY KEY (alert_id, user_id)
);
`},
	{24, "a member's language", `
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
`},
	{25, "group listings: the directory in date order, active members counted from an index", `
CREATE INDEX peer_groups_listing ON peer_groups (created_at, id);
CREATE INDEX group_members_status ON group_members (group_id, status);
`},
	// The languages each seeded line answers in, as the lines' own sites say
	// (checked 2026-12-04): 988 in the US answers in Spanish by pressing 2
	// and by text with AYUDA (https://988lifeline.org/get-help/what-to-expect);
	// SAMHSA's National Helpline answers in English and Spanish
	// (https://www.samhsa.gov/find-help/national-helpline); Canada's 9-8-8
	// in English and French (https://988.ca); Línea de la Vida in Spanish.
	{26, "the languages a crisis line answers in", `
ALTER TABLE crisis_resources ADD COLUMN languages TEXT NOT NULL DEFAULT '';
UPDATE crisis_resources SET languages = 'en,es' WHERE id IN ('us-988', 'us-samhsa');
UPDATE crisis_resources SET languages = 'en,fr' WHERE id = 'ca-988';
UPDATE crisis_resources SET languages = 'es' WHERE id IN ('mx-lineadelavida', 'mx-911');
UPDATE crisis_resources SET languages = 'en' WHERE id IN ('gb-samaritans', 'gb-shout', 'gb-111', 'gb-frank', 'ie-samaritans', 'ie-text', 'au-lifeline', 'au-adf', 'nz-1737', 'nz-lifeline');
`},
	// 27 was 26 on main for an hour (08a8d1e), before the crisis lines'
	// languages took 26; renumberOld26 moves a database that ran it then,
	// and IF (NOT) EXISTS lets this run over what that 26 made.
	{27, "keyset pages of long lists; Idempotency-Key answers", `
CREATE INDEX IF NOT EXISTS notifications_page ON notifications (user_id, created_at, id);
DROP INDEX IF EXISTS notifications_user;
CREATE INDEX IF NOT EXISTS feedback_page ON feedback (created_at, id);
DROP INDEX IF EXISTS feedback_created;
CREATE INDEX IF NOT EXISTS audit_log_subject_page ON audit_log (subject_id, at, id);
DROP INDEX IF EXISTS audit_log_subject;
CREATE INDEX IF NOT EXISTS audit_log_actor_page ON audit_log (actor_id, at, id);
DROP INDEX IF EXISTS audit_log_actor;
CREATE INDEX IF NOT EXISTS posts_page ON posts (group_id, created_at, id);
CREATE INDEX IF NOT EXISTS post_comments_page ON post_comments (post_id, created_at, id);
DROP INDEX IF EXISTS post_comments_post;
CREATE INDEX IF NOT EXISTS group_members_page ON group_members (group_id, created_at, user_id);
CREATE TABLE IF NOT EXISTS idempotency_keys (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	key TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	status INTEGER NOT NULL DEFAULT 0,
	sealed {blob},
	created_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);
`},
	{28, "one id form: ULIDs for the crisis lines and library resources Kinship shipped with", oneIDForm()},
	{29, "the language an organization's invitation is written in", `
ALTER TABLE org_invitations ADD COLUMN language TEXT NOT NULL DEFAULT '';
`},
	{30, "a person's open report of a thing found from an index, whatever the number of reports", `
CREATE INDEX IF NOT EXISTS reports_by_reporter ON reports (reporter_id, target_type, target_id, status);
`},
	{31, "when a device's push last joined one waiting", `
ALTER TABLE push_subscriptions ADD COLUMN collapsed_at BIGINT NOT NULL DEFAULT 0;
`},
	// Two saves (or a save and a report) at once could each add a flag
	// for one item. Flags not yet resolved of one item become its oldest,
	// which takes a reporter from the others when it has none; then the
	// database keeps one.
	{32, "one crisis flag not yet resolved per item", `
UPDATE safety_flags SET reported_by = (SELECT d.reported_by FROM safety_flags d
	WHERE d.user_id = safety_flags.user_id AND d.ref = safety_flags.ref AND d.status <> 'resolved' AND d.reported_by <> ''
	ORDER BY d.created_at, d.id LIMIT 1)
WHERE status <> 'resolved' AND reported_by = '' AND EXISTS (SELECT 1 FROM safety_flags d
	WHERE d.user_id = safety_flags.user_id AND d.ref = safety_flags.ref AND d.status <> 'resolved' AND d.reported_by <> '');
DELETE FROM safety_flags WHERE status <> 'resolved' AND EXISTS (SELECT 1 FROM safety_flags k
	WHERE k.user_id = safety_flags.user_id AND k.ref = safety_flags.ref AND k.status <> 'resolved'
	AND (k.created_at < safety_flags.created_at OR (k.created_at = safety_flags.created_at AND k.id < safety_flags.id)));
CREATE UNIQUE INDEX IF NOT EXISTS safety_flags_one_open ON safety_flags (user_id, ref) WHERE status <> 'resolved';
`},
	{33, "when a flagged item changed into words that raise no flag", `
ALTER TABLE safety_flags ADD COLUMN changed_at BIGINT;
`},
	// A report of an item as a crisis after a moderator resolved its flag
	// or marked it not a crisis, or its words edited into crisis again,
	// raises a new flag that names the earlier one; an earlier flag still
	// open then closes, marked as raised again rather than resolved.
	{34, "a crisis flag raised again names the earlier one", `
ALTER TABLE safety_flags ADD COLUMN earlier_id TEXT NOT NULL DEFAULT '';
ALTER TABLE safety_flags ADD COLUMN superseded_at BIGINT;
`},
	// The country sealed on its own, so the crisis lines under every page
	// read it without opening the whole profile. NULL in rows saved before
	// (those open the profile, as before, until it is saved again).
	{35, "a profile's country sealed apart", `
ALTER TABLE profiles ADD COLUMN country_sealed {blob};
`},
	// The lines' descriptions no longer name their languages: the support
	// page says them once, apart (migration 26's languages). Only where the
	// description is still the one Kinship shipped, so an admin's is kept.
	{36, "crisis lines' descriptions leave their languages to the languages shown apart", linesWithoutLanguageWords()},
	// A member in India read "call your local emergency number" and only an
	// international directory, and a partner answering their call was told
	// to ring the emergency number of their own country (walk4).
	{37, "crisis lines for India", linesForIndia()},
	// Whom a notification names or is about, so that their account's
	// deletion erases it from everyone's notifications in one statement
	// (a support alert, a facilitator's heads-up, a join request), not
	// only from the people they were tied to. '' in rows stored before.
	{38, "the person a notification is about", `
ALTER TABLE notifications ADD COLUMN subject_id TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS notifications_subject ON notifications (subject_id) WHERE subject_id <> '';
`},
	// The recovery start date sealed on its own (it is health data: never
	// in the clear), so the home page reads it without opening the whole
	// profile. NULL in rows saved before (those open the profile, as
	// before, and seal it apart for the next time).
	{39, "a profile's recovery start sealed apart", `
ALTER TABLE profiles ADD COLUMN recovery_sealed {blob};
`},
	// A consent "until 6 March" read "until 7 March" once its giver moved
	// to a zone ahead of theirs (walk5): only instants were kept, and
	// shown as days in the giver's zone of the moment. The days they chose
	// are kept as they chose them. '' in rows stored before (those are
	// read, as before, in the giver's zone).
	{40, "a consent's days as its giver chose them", `
ALTER TABLE consents ADD COLUMN start_day TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN end_day TEXT NOT NULL DEFAULT '';
`},
	// A member in Spain read "call your local emergency number" and only an
	// international directory; so did anyone in Colombia, Nepal or Chile
	// (walk6).
	{41, "crisis lines for Spain, Colombia, Nepal and Chile", linesForSpainColombiaNepalChile()},
	// Every page's layout counts a person's unread notifications; through
	// notifications_page it looked at every notification they ever had,
	// read or not, a number that only grows. This index holds the unread
	// ones alone (read_at in it too, so that the count reads nothing else).
	{42, "unread notifications counted from an index of their own", `
CREATE INDEX IF NOT EXISTS notifications_unread ON notifications (user_id, read_at) WHERE read_at IS NULL;
`},
	// Every code made someone a client, so a program's alumni who joined
	// Kinship after finishing it had to be discharged (and were sent a
	// discharge notice) (walk11 W11-7). A code says the place it gives;
	// 'client' in rows stored before.
	{43, "an invitation to join as an organization's alum", `
ALTER TABLE org_invitations ADD COLUMN role TEXT NOT NULL DEFAULT 'client';
`},
	// A stranger on duty answering a call was told only that the caller
	// keeps where they are private, and held their own country's lines
	// (walk12 W12-3): the caller may now let whoever answers see their
	// country's crisis lines. Off in rows stored before.
	{44, "a caller's choice to let whoever answers see their country's crisis lines", `
ALTER TABLE users ADD COLUMN share_lines_on_call {bool} NOT NULL DEFAULT FALSE;
`},
	// A group's page listed every member (up to 10,000) on every visit. It
	// now reads its facilitators and a page of members; this index holds
	// both in the page's order, so a page reads its own rows alone.
	{45, "a group's leaders and a page of its members read from an index", `
CREATE INDEX IF NOT EXISTS group_members_place ON group_members (group_id, role, status, created_at, user_id);
`},
	// The mentors each node keeps for suggestions (app.mentorCache) are
	// read again when store.MentorsVersion moves. The store moved it by a
	// statement of its own after each write had committed: a failure
	// between the two left every node suggesting from the mentor as they
	// were until the next change, and every account's update paid the
	// statement (a lookup of the person's mentorship settings) even for
	// people who mentor nobody. The database now moves it from within
	// the write's own statement, so the write and the version commit
	// together or not at all, whoever writes (a request, a job, an admin
	// command), and a write that changes nothing a suggestion reads
	// moves nothing.
	{46, "the mentors' version moved by the writes that change a mentor", `
INSERT INTO directory_versions (name, version) VALUES ('mentors', 1) ON CONFLICT (name) DO UPDATE SET version = directory_versions.version + 1;
{mentors_moved}
`},
	// A mentor and a mentee had to work out each other's clock to agree a
	// call (walk12 W12-5): a call is proposed at a wall time in the
	// proposer's zone and read by each in their own.
	{47, "calls a mentor and a mentee plan", `
CREATE TABLE mentorship_calls (
	id TEXT PRIMARY KEY,
	mentorship_id TEXT NOT NULL REFERENCES mentorships (id) ON DELETE CASCADE,
	proposed_by TEXT NOT NULL,
	start_at BIGINT NOT NULL,
	start_local TEXT NOT NULL,
	time_zone TEXT NOT NULL,
	minutes INTEGER NOT NULL,
	status TEXT NOT NULL,
	replaces TEXT NOT NULL DEFAULT '',
	changed_by TEXT NOT NULL DEFAULT '',
	reminded_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX mentorship_calls_mentorship ON mentorship_calls (mentorship_id, start_at);
CREATE INDEX mentorship_calls_due ON mentorship_calls (status, start_at);
`},
	// A member in Buenos Aires read "call your country's emergency number"
	// and only an international directory (walk13).
	{48, "crisis lines for Argentina", linesForArgentina()},
	// The directory's search was a LIKE over every group's name and
	// description, folded on every row: a search for a word few groups
	// have walked them all to fill a page. Each group now keeps the two
	// folded (store's searchFold: case and accents gone, "cafe" finds
	// "Café"), written with every change of them; SQLite keeps them in an
	// FTS5 trigram index too, PostgreSQL in a pg_trgm one when the server
	// has the extension. Open folds the groups stored before.
	{49, "the group directory's search from an index", `
ALTER TABLE peer_groups ADD COLUMN search_text TEXT;
{group_search}
`},
	// A member in Lagos read "call your local emergency number" and only an
	// international directory (walk14).
	{50, "crisis lines for Nigeria", linesForNigeria()},
	// A member writes a safety plan for a hard time, sealed (walk14).
	{51, "safety plans", `
CREATE TABLE safety_plans (
	user_id TEXT PRIMARY KEY,
	sealed {blob} NOT NULL,
	updated_at BIGINT NOT NULL
);
`},
	// A member in Tokyo read only an international directory (walk13).
	{52, "crisis lines for Japan", linesForJapan()},
	// Japan's buttons read "Call 119" and "Call 110", not which was which (fixes16).
	{53, "emergency numbers say what each reaches", emergencyNumbersReach()},
	// An appeal was decided with no reason, and the person read only that
	// the decision stood (walk15 W15-3): the moderator now gives one, told
	// to them. Kept as the action's own reason is; "" for appeals decided
	// before.
	{54, "the reason an appeal was decided", `
ALTER TABLE moderation_actions ADD COLUMN appeal_reason TEXT NOT NULL DEFAULT '';
`},
	// English readers in Australia, India and the United States read
	// every time on a 24-hour clock (walk15 W15-4): a reader's clock now
	// follows their choice (clock: '', '12', '24') and else the clock
	// usual in their language where they live, the country code of their
	// profile kept here beside the account (clock_region, "AU"; '' for
	// none) so a page writes it without opening the profile. Rows stored
	// before read as before until their profile's country is read again.
	{55, "a reader's clock: their choice, and their profile's country", `
ALTER TABLE users ADD COLUMN clock TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN clock_region TEXT NOT NULL DEFAULT '';
`},
	// Four codes sent from a roster read alike, and a roster sent twice
	// emailed everyone a second code (walk15 W15-8): a code keeps the
	// address it was emailed to, sealed; codes made before keep none.
	{56, "the address an invitation was sent to", `
ALTER TABLE org_invitations ADD COLUMN email_enc {blob};
`},
	// A line an admin added for Chile, answering in Spanish, read its
	// description in English on Spanish pages (walk13 W13-7, walk15
	// W15-7): a line keeps one per language it was written in, as JSON
	// ({"es": "…"}); '' for lines with only their description.
	{57, "a crisis line's description per language", `
ALTER TABLE crisis_resources ADD COLUMN descriptions TEXT NOT NULL DEFAULT '';
`},
}

// sqliteMentorsMoved moves the mentors' version (store.MentorsVersion)
// within every write that may change what app.readMentor reads of a
// mentor: their mentorship settings (a row with mentor set, before or
// after), their account's two-factor login and erasure, their profile
// and recovery log, and the status of a mentorship they give (the seats
// left). A deleted account's rows go by ON DELETE CASCADE, which fires
// these triggers too.
const sqliteMentorsMoved = `
CREATE TRIGGER mentors_settings_added AFTER INSERT ON mentorship_profiles WHEN NEW.mentor BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_settings_changed AFTER UPDATE ON mentorship_profiles WHEN OLD.mentor OR NEW.mentor BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_settings_removed AFTER DELETE ON mentorship_profiles WHEN OLD.mentor BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_account_changed AFTER UPDATE OF mfa_enabled, deleted_at ON users WHEN (OLD.mfa_enabled IS NOT NEW.mfa_enabled OR OLD.deleted_at IS NOT NEW.deleted_at) AND EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = NEW.id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_profile_added AFTER INSERT ON profiles WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = NEW.user_id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_profile_changed AFTER UPDATE ON profiles WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id IN (OLD.user_id, NEW.user_id) AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_profile_removed AFTER DELETE ON profiles WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = OLD.user_id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_log_added AFTER INSERT ON recovery_logs WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = NEW.user_id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_log_changed AFTER UPDATE ON recovery_logs WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id IN (OLD.user_id, NEW.user_id) AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_log_removed AFTER DELETE ON recovery_logs WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = OLD.user_id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_seat_taken AFTER INSERT ON mentorships WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = NEW.mentor_id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_seat_changed AFTER UPDATE ON mentorships WHEN (OLD.status IS NOT NEW.status OR OLD.mentor_id IS NOT NEW.mentor_id) AND EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id IN (OLD.mentor_id, NEW.mentor_id) AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
CREATE TRIGGER mentors_seat_removed AFTER DELETE ON mentorships WHEN EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id = OLD.mentor_id AND mentor) BEGIN UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors'; END;
`

// pgMentorsMoved is sqliteMentorsMoved for PostgreSQL, whose trigger
// conditions cannot read other tables: kinship_mentor_moved asks whether
// the row's person (the column its argument names, old and new) offers
// to mentor.
const pgMentorsMoved = `
CREATE FUNCTION kinship_mentors_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors';
	RETURN NULL;
END $$;
CREATE FUNCTION kinship_mentor_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was TEXT;
	cur TEXT;
BEGIN
	IF TG_OP <> 'INSERT' THEN was := to_jsonb(OLD) ->> TG_ARGV[0]; END IF;
	IF TG_OP <> 'DELETE' THEN cur := to_jsonb(NEW) ->> TG_ARGV[0]; END IF;
	IF EXISTS (SELECT 1 FROM mentorship_profiles WHERE user_id IN (was, cur) AND mentor) THEN
		UPDATE directory_versions SET version = version + 1 WHERE name = 'mentors';
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER mentors_settings_added AFTER INSERT ON mentorship_profiles FOR EACH ROW WHEN (NEW.mentor) EXECUTE FUNCTION kinship_mentors_moved();
CREATE TRIGGER mentors_settings_changed AFTER UPDATE ON mentorship_profiles FOR EACH ROW WHEN (OLD.mentor OR NEW.mentor) EXECUTE FUNCTION kinship_mentors_moved();
CREATE TRIGGER mentors_settings_removed AFTER DELETE ON mentorship_profiles FOR EACH ROW WHEN (OLD.mentor) EXECUTE FUNCTION kinship_mentors_moved();
CREATE TRIGGER mentors_account_changed AFTER UPDATE OF mfa_enabled, deleted_at ON users FOR EACH ROW WHEN (OLD.mfa_enabled IS DISTINCT FROM NEW.mfa_enabled OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION kinship_mentor_moved('id');
CREATE TRIGGER mentors_profile_changed AFTER INSERT OR UPDATE OR DELETE ON profiles FOR EACH ROW EXECUTE FUNCTION kinship_mentor_moved('user_id');
CREATE TRIGGER mentors_log_changed AFTER INSERT OR UPDATE OR DELETE ON recovery_logs FOR EACH ROW EXECUTE FUNCTION kinship_mentor_moved('user_id');
CREATE TRIGGER mentors_seat_taken AFTER INSERT OR DELETE ON mentorships FOR EACH ROW EXECUTE FUNCTION kinship_mentor_moved('mentor_id');
CREATE TRIGGER mentors_seat_changed AFTER UPDATE ON mentorships FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.mentor_id IS DISTINCT FROM NEW.mentor_id) EXECUTE FUNCTION kinship_mentor_moved('mentor_id');
`

const sqliteAppendOnly = `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`

const pgAppendOnly = `
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`

// sqliteGroupSearch is the directory's search index on SQLite: each
// group's folded text in an FTS5 table of trigrams (case already folded,
// so case_sensitive), whose rows group_search_rows numbers: an
// INTEGER PRIMARY KEY, which no VACUUM (nor VACUUM INTO, for backups)
// renumbers, as it may the rowids of peer_groups.
const sqliteGroupSearch = `
CREATE TABLE group_search_rows (n INTEGER PRIMARY KEY, group_id TEXT NOT NULL UNIQUE REFERENCES peer_groups (id) ON DELETE CASCADE);
CREATE VIRTUAL TABLE group_search USING fts5(text, tokenize = 'trigram case_sensitive 1');
`

// pgGroupSearch is the directory's search index on PostgreSQL: pg_trgm's
// GIN index of the folded text, which a LIKE '%words%' uses. pg_trgm
// ships with PostgreSQL (Debian's postgresql package has it) and is a
// trusted extension, so the database's owner may create it; a server
// without it searches as before, without the index.
const pgGroupSearch = `
DO $$ BEGIN
	CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'pg_trgm not available (%): the group search reads without its index', SQLERRM;
END $$;
DO $$ BEGIN
	IF EXISTS (SELECT 1 FROM pg_opclass WHERE opcname = 'gin_trgm_ops') THEN
		CREATE INDEX IF NOT EXISTS peer_groups_search ON peer_groups USING gin (search_text gin_trgm_ops);
	END IF;
END $$;
`

func (s *Store) render(q string) string {
	if s.dialect == "postgres" {
		return strings.NewReplacer("{blob}", "BYTEA", "{bool}", "BOOLEAN", "{audit_append_only}", pgAppendOnly, "{mentors_moved}", pgMentorsMoved, "{group_search}", pgGroupSearch).Replace(q)
	}
	return strings.NewReplacer("{blob}", "BLOB", "{bool}", "BOOLEAN", "{audit_append_only}", sqliteAppendOnly, "{mentors_moved}", sqliteMentorsMoved, "{group_search}", sqliteGroupSearch).Replace(q)
}

// migrationLock is the PostgreSQL advisory lock key held while migrating,
// so nodes starting together apply each migration once.
const migrationLock = 0x4b696e73 // "Kins"

// Migrate applies every pending migration, each in its own transaction.
func (s *Store) Migrate(ctx context.Context) error {
	return s.withLock(ctx, func(ctx context.Context, db bun.IDB) error { return s.migrate(ctx, db) })
}

// WithMigrationLock runs fn while holding the lock under which migrations
// run, so other schema owners (the job queue) migrate once across nodes.
func (s *Store) WithMigrationLock(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.withLock(ctx, func(ctx context.Context, _ bun.IDB) error { return fn(ctx) })
}

// withLock holds a PostgreSQL advisory lock on a dedicated connection while
// fn runs. SQLite's single writer already serializes schema changes.
func (s *Store) withLock(ctx context.Context, fn func(ctx context.Context, db bun.IDB) error) error {
	if s.wdb == nil {
		return fmt.Errorf("store: migrate inside a transaction")
	}
	if s.dialect != "postgres" {
		return fn(ctx, s.wdb)
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", migrationLock); err != nil {
		return fmt.Errorf("store: migrate: lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(?)", migrationLock)
	return fn(ctx, conn)
}

func (s *Store) migrate(ctx context.Context, db bun.IDB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if err := renumberOld26(ctx, db); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, m := range migrations {
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			for _, stmt := range splitSQL(s.render(m.sql)) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// old26 is the name migration 27 had as 26 on main for an hour, before
// the crisis lines' languages took that number.
const old26 = "keyset pages of long lists; Idempotency-Key answers"

// renumberOld26 records a database's old 26 as the 27 it now is, so that
// the crisis lines' 26 runs on it (and 27 does not run again).
func renumberOld26(ctx context.Context, db bun.IDB) error {
	_, err := db.ExecContext(ctx, "UPDATE schema_migrations SET version = 27 WHERE version = 26 AND name = ? AND NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = 27)", old26)
	return err
}

// MigrationStatus returns the applied versions and the latest known one.
func (s *Store) MigrationStatus(ctx context.Context) (applied []int, latest int, err error) {
	rows, err := s.r.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, 0, err
		}
		applied = append(applied, v)
	}
	return applied, migrations[len(migrations)-1].version, rows.Err()
}

// splitSQL splits a script on semicolons that end a line, keeping
// trigger and function bodies whole.
func splitSQL(script string) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	for _, line := range strings.Split(script, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		depth += strings.Count(t, "$$")
		if strings.HasSuffix(t, ";") && depth%2 == 0 {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

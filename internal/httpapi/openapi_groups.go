package httpapi

// The documentation of groups, chat, direct messages and group meetings.
func init() {
	for k, v := range map[string]op{
		"POST /api/v1/groups":                           {"Create a group you will facilitate (visibility: listed, unlisted or private)", "GroupIn", 201, "Group"},
		"GET /api/v1/groups":                            {"The group directory (listed and private groups), or with mine=true your own groups", "", 200, "GroupList"},
		"GET /api/v1/groups/{id}":                       {"A group, with your place in it and your unread count", "", 200, "Group"},
		"PATCH /api/v1/groups/{id}":                     {"Edit a group's name, description, guidelines or visibility (facilitators)", "GroupIn", 200, "Group"},
		"POST /api/v1/groups/{id}/archive":              {"Archive a group: its chat becomes read-only and it leaves the directory (facilitator)", "", 204, ""},
		"POST /api/v1/groups/{id}/join":                 {"Join a group, or ask to join a private one; a group with guidelines needs accept_guidelines: true", "Join", 200, "Group"},
		"POST /api/v1/groups/{id}/leave":                {"Leave a group at once", "", 204, ""},
		"GET /api/v1/groups/{id}/members":               {"Members (and, for facilitators, requests), without anyone either of you blocks", "", 200, "MemberList"},
		"POST /api/v1/groups/{id}/members/{user}":       {"Approve or decline a request, remove a member with a reason, or change a role (facilitators)", "ManageMember", 204, ""},
		"GET /api/v1/groups/{id}/messages":              {"Chat history in sequence order: after=SEQ gives the next messages, before=SEQ the ones before (default: the newest)", "", 200, "MessagePage"},
		"POST /api/v1/groups/{id}/messages":             {"Post to the group's chat (201); the same client_id again returns the stored message (200)", "MessageIn", 201, "ChatMessage"},
		"POST /api/v1/groups/{id}/read":                 {"Move your read marker to seq", "Read", 204, ""},
		"POST /api/v1/groups/{id}/meetings":             {"Schedule a meeting: one-off or repeating, in a named time zone (facilitators)", "MeetingIn", 201, "GroupMeeting"},
		"GET /api/v1/groups/{id}/meetings":              {"A group's meetings with their next dates in your time zone (links for members only)", "", 200, "GroupMeetingList"},
		"GET /api/v1/groups/{id}/calendar.ics":          {"The group's meetings as an iCalendar file (members)", "", 200, ""},
		"PUT /api/v1/group-meetings/{id}":               {"Reschedule or edit a whole meeting series (facilitators)", "MeetingIn", 200, "GroupMeeting"},
		"DELETE /api/v1/group-meetings/{id}":            {"End a meeting series (facilitators)", "", 204, ""},
		"POST /api/v1/group-meetings/{id}/occurrences":  {"Cancel one date (cancel: true) or move it (start_local) (facilitators)", "OccurrenceChange", 204, ""},
		"POST /api/v1/group-meetings/{id}/rsvp":         {"Answer going, maybe or not_going for one date, or mark that you attended", "RSVPIn", 204, ""},
		"POST /api/v1/me/calendar-feeds":                {"Make a private, unguessable calendar address for all your groups' meetings (or one group's with group_id); replaces the previous one; shown once", "FeedIn", 201, "Feed"},
		"DELETE /api/v1/me/calendar-feeds":              {"Turn off every private calendar address of yours", "", 204, ""},
		"PATCH /api/v1/messages/{id}":                   {"Edit your own message", "Edit", 200, "ChatMessage"},
		"DELETE /api/v1/messages/{id}":                  {"Delete your own message, or as a facilitator remove one with a reason", "Reason", 200, "ChatMessage"},
		"PUT /api/v1/messages/{id}/reactions/{kind}":    {"React with encouragement: with_you 💙, thank_you 🙏 or proud 🎉", "", 200, "ChatMessage"},
		"DELETE /api/v1/messages/{id}/reactions/{kind}": {"Take back a reaction", "", 200, "ChatMessage"},
		"GET /api/v1/dms":                               {"Your direct-message threads, and apart, requests from people you are not connected to", "", 200, "Inbox"},
		"POST /api/v1/dms":                              {"Open (or find) your thread with a member, optionally sending a first message; a stranger receives it as a request", "ThreadIn", 201, "ThreadOpened"},
		"GET /api/v1/dms/{id}/messages":                 {"A thread's history, like a group's", "", 200, "MessagePage"},
		"POST /api/v1/dms/{id}/messages":                {"Send a direct message (idempotent by client_id)", "MessageIn", 201, "ChatMessage"},
		"POST /api/v1/dms/{id}/read":                    {"Move your read marker to seq", "Read", 204, ""},
		"POST /api/v1/dms/{id}/answer":                  {"Answer a message request: accept, ignore or block", "Answer", 204, ""},
		"POST /api/v1/me/milestones/share":             {"Share a milestone you reached (by its label, e.g. \"30 days\") as a celebration card in one of your groups' chat; only the milestone is shared", "MilestoneShare", 201, "ChatMessage"},
		"GET /api/v1/ws":                                {"The real-time socket (WebSocket upgrade). Send JSON requests {op: subscribe|send|edit|delete|react|unreact|read|history|ping, ref, conv, after, client_id, body, message_id, reaction, reason, seq}; receive {type: hello|subscribed|message|ack|error|removed|pong}. Subscribe with the last change number you saw to receive everything after it", "", 101, ""},
	} {
		apiDocs[k] = v
	}
	page := []([3]string){
		{"after", "integer", "messages with a higher sequence number, oldest first"},
		{"before", "integer", "the newest messages with a lower sequence number"},
		{"limit", "integer", "at most this many, 1 to 200 (default 50)"},
	}
	queryParams["GET /api/v1/groups/{id}/messages"] = page
	queryParams["GET /api/v1/dms/{id}/messages"] = page
	queryParams["GET /api/v1/groups"] = [][3]string{{"q", "string", "words in the name or description"}, {"mine", "boolean", "true for your own groups, whatever their visibility"}}
	integer := map[string]any{"type": "integer"}
	vis := map[string]any{"type": "string", "enum": []string{"listed", "unlisted", "private"}}
	rec := obj(map[string]any{"freq": map[string]any{"type": "string", "enum": []string{"once", "weekly", "monthly"}}, "interval": integer, "weekdays": strList,
		"month_week": integer, "until": map[string]any{"type": "string", "format": "date"}, "count": integer}, "freq")
	for k, v := range map[string]any{
		"GroupIn": obj(map[string]any{"name": str, "description": str, "guidelines": str, "visibility": vis}),
		"Group": obj(map[string]any{"id": str, "name": str, "description": str, "guidelines": str, "visibility": vis, "member_count": integer, "archived": boolean,
			"created_at": ts, "my_status": str, "my_role": str, "unread": integer, "last_seq": integer}),
		"GroupList":    obj(map[string]any{"groups": map[string]any{"type": "array", "items": ref("Group")}}),
		"Join":         obj(map[string]any{"accept_guidelines": boolean}),
		"MemberList":   obj(map[string]any{"members": map[string]any{"type": "array", "items": obj(map[string]any{"user_id": str, "display_name": str, "role": str, "status": str, "since": ts})}}),
		"ManageMember": obj(map[string]any{"action": map[string]any{"type": "string", "enum": []string{"approve", "decline", "remove", "role"}}, "reason": str, "role": str}, "action"),
		"MessageIn":    obj(map[string]any{"client_id": str, "body": str}, "body"),
		"Edit":         obj(map[string]any{"body": str}, "body"),
		"Reason":       obj(map[string]any{"reason": str}),
		"Read":         obj(map[string]any{"seq": integer}, "seq"),
		"ChatMessage": obj(map[string]any{"id": str, "conversation_id": str, "seq": integer, "change": integer, "client_id": str, "body": str,
			"author": obj(map[string]any{"id": str, "display_name": str}), "kind": str, "state": map[string]any{"type": "string", "enum": []string{"visible", "deleted", "removed"}},
			"reason": str, "mentions": strList, "created_at": ts, "edited_at": ts,
			"reactions": map[string]any{"type": "array", "items": obj(map[string]any{"kind": str, "emoji": str, "label": str, "count": integer, "member_ids": strList})}}),
		"MessagePage": obj(map[string]any{"messages": map[string]any{"type": "array", "items": ref("ChatMessage")}, "last_seq": integer, "last_change": integer, "read_seq": integer, "has_more": boolean}),
		"MeetingIn": obj(map[string]any{"title": str, "start_local": str, "end_local": str, "timezone": str, "duration_minutes": integer, "recurrence": rec,
			"online_url": str, "place": str}, "title", "start_local", "timezone"),
		"GroupMeeting": obj(map[string]any{"id": str, "group_id": str, "group_name": str, "title": str, "start_local": str, "timezone": str, "duration_minutes": integer,
			"recurrence": rec, "schedule": str, "online_url": str, "place": str, "viewer_timezone": str,
			"upcoming": map[string]any{"type": "array", "items": obj(map[string]any{"start": ts, "end": ts, "occurrence": ts, "cancelled": boolean, "moved": boolean, "started": boolean, "my_rsvp": str, "attended": boolean, "going": integer})}}),
		"GroupMeetingList": obj(map[string]any{"meetings": map[string]any{"type": "array", "items": ref("GroupMeeting")}}),
		"OccurrenceChange": obj(map[string]any{"occurrence": ts, "cancel": boolean, "start_local": str}, "occurrence"),
		"RSVPIn":           obj(map[string]any{"occurrence": ts, "status": map[string]any{"type": "string", "enum": []string{"going", "maybe", "not_going"}}, "attended": boolean}, "occurrence"),
		"FeedIn":           obj(map[string]any{"group_id": str}),
		"Feed":             obj(map[string]any{"scope": str, "url": str}),
		"Thread":           obj(map[string]any{"id": str, "other_id": str, "other_name": str, "state": str, "last_seq": integer, "unread": integer, "pending": boolean}),
		"Inbox":            obj(map[string]any{"threads": map[string]any{"type": "array", "items": ref("Thread")}, "requests": map[string]any{"type": "array", "items": ref("Thread")}}),
		"ThreadIn":         obj(map[string]any{"user_id": str, "client_id": str, "body": str}, "user_id"),
		"ThreadOpened":     obj(map[string]any{"thread": ref("Thread"), "message": ref("ChatMessage")}),
		"MilestoneShare":   obj(map[string]any{"group_id": str, "milestone": str}, "group_id", "milestone"),
		"Answer":           obj(map[string]any{"answer": map[string]any{"type": "string", "enum": []string{"accept", "ignore", "block"}}}, "answer"),
	} {
		schemas[k] = v
	}
}

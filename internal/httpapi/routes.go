package httpapi

import "net/http"

// Policy says who may call a route. Every route declares one.
type Policy int

// The access policies.
const (
	// Public routes answer anyone, signed in or not, and show no member data.
	Public Policy = iota + 1
	// PendingMFA routes answer a session whose password is proven and whose
	// second factor is still due (the second step of signing in).
	PendingMFA
	// Setup routes answer a signed-in person even before a role that
	// requires two-factor login has it set up: their own account only.
	Setup
	// Member routes answer a signed-in person with every requirement met.
	Member
	// Moderator routes answer moderators and site admins.
	Moderator
	// SiteAdmin routes answer the instance's admins.
	SiteAdmin
)

func (p Policy) String() string {
	switch p {
	case Public:
		return "public"
	case PendingMFA:
		return "pending-mfa"
	case Setup:
		return "setup"
	case Member:
		return "member"
	case Moderator:
		return "moderator"
	case SiteAdmin:
		return "site-admin"
	}
	return "none"
}

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	Policy  Policy
	Handler http.HandlerFunc
}

// Routes is the whole route table: every route of the JSON API and the web
// UI, its handler and its access policy.
func (s *Server) Routes() []Route {
	w := s.web
	return []Route{
		// Operations.
		{"GET", "/healthz", Public, s.healthz},
		{"GET", "/metrics", Public, s.metrics},
		{"GET", "/api/v1/openapi.json", Public, s.openapi},
		{"GET", "/api/v1/asyncapi.json", Public, s.asyncapi},
		{"GET", "/api/", Public, s.notFound},

		// Accounts.
		{"POST", "/api/v1/auth/signup", Public, s.signup},
		{"POST", "/api/v1/auth/login", Public, s.login},
		{"POST", "/api/v1/auth/mfa", PendingMFA, s.loginMFA},
		{"POST", "/api/v1/auth/logout", Setup, s.logout},
		{"POST", "/api/v1/auth/reauth", Setup, s.reauth},
		{"POST", "/api/v1/auth/verify-email", Public, s.verifyEmail},
		{"POST", "/api/v1/auth/verify-email/resend", Setup, s.resendVerification},
		{"POST", "/api/v1/auth/password-reset", Public, s.requestPasswordReset},
		{"POST", "/api/v1/auth/password-reset/confirm", Public, s.confirmPasswordReset},

		// The signed-in person's own account.
		{"GET", "/api/v1/me", Setup, s.getMe},
		{"PATCH", "/api/v1/me", Member, s.patchMe},
		{"DELETE", "/api/v1/me", Setup, s.deleteMe},
		{"GET", "/api/v1/me/export", Setup, s.exportMe},
		{"GET", "/api/v1/me/audit", Setup, s.myAudit},
		{"POST", "/api/v1/me/password", Setup, s.changePassword},
		{"GET", "/api/v1/me/sessions", Setup, s.listSessions},
		{"DELETE", "/api/v1/me/sessions/{id}", Setup, s.revokeSession},
		{"POST", "/api/v1/me/sessions/revoke-others", Setup, s.revokeOtherSessions},
		{"POST", "/api/v1/me/mfa/setup", Setup, s.beginMFA},
		{"POST", "/api/v1/me/mfa/confirm", Setup, s.confirmMFA},
		{"DELETE", "/api/v1/me/mfa", Member, s.disableMFA},
		{"POST", "/api/v1/me/mfa/recovery-codes", Member, s.regenerateRecoveryCodes},
		{"GET", "/api/v1/push/vapid-key", Public, s.vapidKey},
		{"GET", "/api/v1/me/push-subscriptions", Member, s.listPushDevices},
		{"POST", "/api/v1/me/push-subscriptions", Member, s.addPushDevice},
		{"PATCH", "/api/v1/me/push-subscriptions/{id}", Member, s.updatePushDevice},
		{"DELETE", "/api/v1/me/push-subscriptions/{id}", Member, s.removePushDevice},

		// Check-ins and recovery time.
		{"POST", "/api/v1/checkins", Member, s.postCheckin},
		{"GET", "/api/v1/checkins", Member, s.listCheckins},
		{"GET", "/api/v1/checkins/{date}", Member, s.getCheckin},
		{"GET", "/api/v1/me/recovery", Member, s.getRecovery},
		{"POST", "/api/v1/me/recovery/returns", Member, s.postReturnToUse},
		{"POST", "/api/v1/me/recovery-capital", Member, s.postCapital},
		{"GET", "/api/v1/me/recovery-capital", Member, s.getCapital},
		{"POST", "/api/v1/me/milestones/share", Member, s.shareMilestone},
		{"GET", "/api/v1/me/checkin-reminder", Member, s.getReminder},
		{"PUT", "/api/v1/me/checkin-reminder", Member, s.putReminder},

		// Accountability partners and notifications.
		{"POST", "/api/v1/partners", Member, s.invitePartner},
		{"GET", "/api/v1/partners", Member, s.listPartners},
		{"POST", "/api/v1/partners/{id}/accept", Member, s.respondPartner(true)},
		{"POST", "/api/v1/partners/{id}/decline", Member, s.respondPartner(false)},
		{"DELETE", "/api/v1/partners/{id}", Member, s.endPartnership},
		{"PATCH", "/api/v1/partners/{id}", Member, s.updatePartnerChoices},
		{"GET", "/api/v1/partners/{id}/checkins", Member, s.partnerCheckins},
		{"POST", "/api/v1/partners/{id}/encourage", Member, s.encourage},
		{"GET", "/api/v1/notifications", Member, s.listNotifications},
		{"POST", "/api/v1/notifications/{id}/read", Member, s.readNotification},
		{"PUT", "/api/v1/me/notification-settings", Member, s.putNotificationSettings},
		{"GET", "/api/v1/notifications/settings", Member, s.getNotificationPrefs},
		{"PUT", "/api/v1/notifications/settings", Member, s.putNotificationPrefs},

		// Directories (public).
		{"GET", "/api/v1/meetings", Public, s.findMeetings},
		{"GET", "/api/v1/meetings/{id}", Public, s.getMeeting},
		{"GET", "/api/v1/meetings/{id}/calendar.ics", Public, s.meetingCalendar},
		{"GET", "/api/v1/facilities", Public, s.findFacilities},
		{"POST", "/api/v1/feedback", Public, s.postFeedback},
		{"GET", "/api/v1/admin/feedback", SiteAdmin, s.listFeedback},
		{"GET", "/api/v1/resources", Public, s.listResources},
		{"POST", "/api/v1/resources", Member, s.suggestResource},
		{"POST", "/api/v1/resources/{id}/helped", Member, s.markResource("helped")},
		{"POST", "/api/v1/resources/{id}/broken", Member, s.markResource("broken")},
		{"GET", "/api/v1/moderation/resources", Moderator, s.moderationQueue},
		{"POST", "/api/v1/moderation/resources/{id}", Moderator, s.moderateResource},

		// Connections and blocks.
		{"POST", "/api/v1/connections", Member, s.requestConnection},
		{"GET", "/api/v1/connections", Member, s.listConnections},
		{"POST", "/api/v1/connections/{id}/accept", Member, s.acceptConnection},
		{"DELETE", "/api/v1/connections/{id}", Member, s.removeConnection},
		{"POST", "/api/v1/blocks", Member, s.blockMember},
		{"GET", "/api/v1/blocks", Member, s.listBlocks},
		{"DELETE", "/api/v1/blocks/{id}", Member, s.unblockMember},

		// Groups, their chat and meetings.
		{"POST", "/api/v1/groups", Member, s.createGroup},
		{"GET", "/api/v1/groups", Member, s.listGroups},
		{"GET", "/api/v1/groups/{id}", Member, s.getGroup},
		{"PATCH", "/api/v1/groups/{id}", Member, s.updateGroup},
		{"POST", "/api/v1/groups/{id}/archive", Member, s.archiveGroup},
		{"POST", "/api/v1/groups/{id}/join", Member, s.joinGroup},
		{"POST", "/api/v1/groups/{id}/leave", Member, s.leaveGroup},
		{"GET", "/api/v1/groups/{id}/members", Member, s.listGroupMembers},
		{"POST", "/api/v1/groups/{id}/members/{user}", Member, s.manageGroupMember},
		{"GET", "/api/v1/groups/{id}/messages", Member, s.listMessages},
		{"POST", "/api/v1/groups/{id}/messages", Member, s.postMessage},
		{"POST", "/api/v1/groups/{id}/read", Member, s.markRead},
		{"POST", "/api/v1/groups/{id}/meetings", Member, s.createGroupMeeting},
		{"GET", "/api/v1/groups/{id}/meetings", Member, s.listGroupMeetings},
		{"GET", "/api/v1/groups/{id}/calendar.ics", Member, s.groupCalendar},
		{"GET", "/api/v1/groups/{id}/reports", Member, s.groupReports},
		{"POST", "/api/v1/groups/{id}/reports/{report}", Member, s.actOnGroupReport},
		{"PUT", "/api/v1/group-meetings/{id}", Member, s.updateGroupMeeting},
		{"DELETE", "/api/v1/group-meetings/{id}", Member, s.deleteGroupMeeting},
		{"POST", "/api/v1/group-meetings/{id}/occurrences", Member, s.changeOccurrence},
		{"POST", "/api/v1/group-meetings/{id}/rsvp", Member, s.rsvp},
		{"POST", "/api/v1/me/calendar-feeds", Member, s.createCalendarFeed},
		{"DELETE", "/api/v1/me/calendar-feeds", Member, s.revokeCalendarFeeds},
		{"GET", "/calendar/{file}", Public, s.feedCalendar},

		// Messages (group chat and direct messages alike) and the socket.
		{"PATCH", "/api/v1/messages/{id}", Member, s.editMessage},
		{"DELETE", "/api/v1/messages/{id}", Member, s.deleteMessage},
		{"PUT", "/api/v1/messages/{id}/reactions/{kind}", Member, s.react(true)},
		{"DELETE", "/api/v1/messages/{id}/reactions/{kind}", Member, s.react(false)},
		{"GET", "/api/v1/dms", Member, s.inbox},
		{"POST", "/api/v1/dms", Member, s.openThread},
		{"GET", "/api/v1/dms/{id}/messages", Member, s.listMessages},
		{"POST", "/api/v1/dms/{id}/messages", Member, s.postMessage},
		{"POST", "/api/v1/dms/{id}/read", Member, s.markRead},
		{"POST", "/api/v1/dms/{id}/answer", Member, s.answerRequest},
		{"GET", "/api/v1/ws", Member, s.ws},

		// The safety net: "I need support now", responders, the crisis queue.
		{"POST", "/api/v1/support/alerts", Member, s.requestSupport},
		{"GET", "/api/v1/support/alerts", Member, s.listSupport},
		{"POST", "/api/v1/support/alerts/{id}/acknowledge", Member, s.acknowledgeAlert},
		{"POST", "/api/v1/support/alerts/{id}/resolve", Member, s.resolveAlert},
		{"GET", "/api/v1/support/resources", Public, s.supportResources},
		{"GET", "/api/v1/support/settings", Member, s.getSupportChoices},
		{"PUT", "/api/v1/support/settings", Member, s.putSupportChoices},
		{"GET", "/api/v1/safety-plan", Member, s.getSafetyPlan},
		{"PUT", "/api/v1/safety-plan", Member, s.putSafetyPlan},
		{"PUT", "/api/v1/me/on-duty", Member, s.setOnDuty},
		{"GET", "/api/v1/moderation/crisis", Moderator, s.crisisQueue},
		{"POST", "/api/v1/moderation/crisis/{id}", Moderator, s.actOnFlag},
		{"POST", "/api/v1/moderation/crisis/{id}/message", Moderator, s.messageFlagged},
		{"GET", "/api/v1/admin/crisis-resources", SiteAdmin, s.listCrisisResources},
		{"POST", "/api/v1/admin/crisis-resources", SiteAdmin, s.saveCrisisResource},
		{"DELETE", "/api/v1/admin/crisis-resources/{id}", SiteAdmin, s.deleteCrisisResource},

		// Mentorship.
		{"GET", "/api/v1/me/mentorship", Member, s.getMentorshipSettings},
		{"PATCH", "/api/v1/me/mentorship", Member, s.patchMentorshipSettings},
		{"GET", "/api/v1/mentorship/suggestions", Member, s.mentorSuggestions},
		{"POST", "/api/v1/mentorships", Member, s.requestMentor},
		{"GET", "/api/v1/mentorships", Member, s.listMentorships},
		{"POST", "/api/v1/mentorships/{id}/status", Member, s.changeMentorship},
		{"PATCH", "/api/v1/mentorships/{id}", Member, s.shareWithMentor},
		{"GET", "/api/v1/mentorships/{id}/checkins", Member, s.menteeCheckins},
		{"GET", "/api/v1/mentorships/{id}/calls", Member, s.listMentorshipCalls},
		{"POST", "/api/v1/mentorships/{id}/calls", Member, s.proposeCall},
		{"GET", "/api/v1/mentorship-calls", Member, s.listMyCalls},
		{"GET", "/api/v1/mentorship-calls/{id}", Member, s.getCall},
		{"POST", "/api/v1/mentorship-calls/{id}/status", Member, s.changeCall},
		{"POST", "/api/v1/mentorship-calls/{id}/suggest", Member, s.suggestCallTime},
		{"GET", "/api/v1/mentorship-calls/{id}/calendar.ics", Member, s.callCalendar},
		{"PUT", "/api/v1/mentors/{id}/certified", Member, s.vouchMentor},
		{"POST", "/api/v1/mentorship/cohort/plan", Member, s.planCohort},
		{"POST", "/api/v1/mentorship/cohort/send", Member, s.sendCohort},

		// Community posts, reports and moderation.
		{"POST", "/api/v1/posts", Member, s.createPost},
		{"GET", "/api/v1/posts", Member, s.listPosts},
		{"GET", "/api/v1/people", Member, s.findPeople},
		{"GET", "/api/v1/posts/{id}", Member, s.getPost},
		{"GET", "/api/v1/posts/{id}/comments", Member, s.listComments},
		{"POST", "/api/v1/posts/{id}/comments", Member, s.commentOnPost},
		{"PUT", "/api/v1/posts/{id}/reactions/{kind}", Member, s.reactToPost(true)},
		{"DELETE", "/api/v1/posts/{id}/reactions/{kind}", Member, s.reactToPost(false)},
		{"POST", "/api/v1/reports", Member, s.fileReport},
		{"GET", "/api/v1/moderation/queue", Moderator, s.reportQueue},
		{"POST", "/api/v1/moderation/reports/{id}", Moderator, s.actOnReport},
		{"POST", "/api/v1/moderation/actions/{id}/appeal", Moderator, s.decideAppeal},
		{"GET", "/api/v1/me/moderation", Member, s.myModerationActions},
		{"PUT", "/api/v1/moderation/users/{id}/trust", Moderator, s.setTrust},
		{"GET", "/api/v1/admin/trust-settings", SiteAdmin, s.getTrustSettings},
		{"PUT", "/api/v1/admin/trust-settings", SiteAdmin, s.putTrustSettings},
		{"POST", "/api/v1/me/moderation/{id}/appeal", Member, s.appeal},

		// Organizations, consents and disclosures.
		{"POST", "/api/v1/organizations", SiteAdmin, s.createOrganization},
		{"GET", "/api/v1/organizations", Member, s.myOrganizations},
		{"POST", "/api/v1/organizations/join", Member, s.joinOrganization},
		{"GET", "/api/v1/organizations/{id}/members", Member, s.orgMembers},
		{"POST", "/api/v1/organizations/{id}/members", Member, s.addOrgStaff},
		{"POST", "/api/v1/organizations/{id}/invitations", Member, s.createInvitation},
		{"POST", "/api/v1/organizations/{id}/invitations/roster", Member, s.inviteRoster},
		{"POST", "/api/v1/organizations/{id}/members/{user}/discharge", Member, s.discharge},
		{"GET", "/api/v1/organizations/{id}/members/{user}/data", Member, s.memberUnderConsent},
		{"GET", "/api/v1/organizations/{id}/dashboard", Member, s.orgDashboard},
		{"POST", "/api/v1/consents", Member, s.giveConsent},
		{"GET", "/api/v1/consents", Member, s.myConsents},
		{"DELETE", "/api/v1/consents/{id}", Member, s.revokeConsent},

		// Other members.
		{"GET", "/api/v1/users/{id}", Member, s.getUser},

		// Web UI.
		{"GET", "/static/", Public, w.Static},
		{"GET", "/favicon.ico", Public, w.Favicon},
		{"GET", "/sw.js", Public, w.ServiceWorker},
		{"GET", "/offline", Public, w.Offline},
		{"GET", "/checkin/offline", Public, w.OfflineCheckin},
		{"GET", "/{$}", Public, w.Home},
		{"GET", "/", Public, w.NotFound},
		{"GET", "/signup", Public, w.SignupForm},
		{"POST", "/signup", Public, w.Signup},
		{"GET", "/login", Public, w.LoginForm},
		{"POST", "/login", Public, w.Login},
		{"GET", "/login/mfa", PendingMFA, w.LoginMFAForm},
		{"POST", "/login/mfa", PendingMFA, w.LoginMFA},
		{"POST", "/logout", PendingMFA, w.Logout},
		{"GET", "/verify-email", Public, w.VerifyEmailForm},
		{"POST", "/verify-email", Public, w.VerifyEmail},
		{"POST", "/verify-email/resend", Setup, w.ResendVerification},
		{"GET", "/password-reset", Public, w.PasswordResetForm},
		{"POST", "/password-reset", Public, w.PasswordReset},
		{"GET", "/password-reset/confirm", Public, w.PasswordResetConfirmForm},
		{"POST", "/password-reset/confirm", Public, w.PasswordResetConfirm},
		{"GET", "/profile", Member, w.ProfileForm},
		{"POST", "/profile", Member, w.Profile},
		{"POST", "/clock", Member, w.SetClock},
		{"GET", "/members/{id}", Member, w.Member},
		{"GET", "/connections", Member, w.Connections},
		{"POST", "/connections/request", Member, w.RequestConnection},
		{"POST", "/connections/{id}/accept", Member, w.AcceptConnection},
		{"POST", "/connections/{id}/remove", Member, w.RemoveConnection},
		{"POST", "/blocks", Member, w.Block},
		{"POST", "/blocks/{id}/remove", Member, w.Unblock},
		{"GET", "/groups", Member, w.Groups},
		{"POST", "/groups", Member, w.CreateGroup},
		{"GET", "/groups/{id}", Member, w.Group},
		{"POST", "/groups/{id}/join", Member, w.JoinGroup},
		{"POST", "/groups/{id}/leave", Member, w.LeaveGroup},
		{"POST", "/groups/{id}/edit", Member, w.EditGroup},
		{"POST", "/groups/{id}/archive", Member, w.ArchiveGroup},
		{"POST", "/groups/{id}/members/{user}", Member, w.ManageMember},
		{"POST", "/groups/{id}/meetings", Member, w.ScheduleMeeting},
		{"GET", "/groups/{id}/chat", Member, w.GroupChat},
		{"POST", "/groups/{id}/post", Member, w.PostMessage},
		{"POST", "/groups/{id}/reports/{report}", Member, w.GroupReport},
		{"POST", "/group-meetings/{id}/rsvp", Member, w.RSVP},
		{"POST", "/group-meetings/{id}/cancel", Member, w.CancelOccurrence},
		{"POST", "/group-meetings/{id}/move", Member, w.MoveOccurrence},
		{"POST", "/calendar-feeds", Member, w.CalendarFeed},
		{"POST", "/calendar-feeds/revoke", Member, w.RevokeCalendarFeeds},
		{"GET", "/messages/{id}/action", Member, w.MessageActions},
		{"POST", "/messages/{id}/action", Member, w.MessageAction},
		{"GET", "/messages", Member, w.Inbox},
		{"GET", "/messages/{id}", Member, w.Thread},
		{"POST", "/dms", Member, w.OpenThread},
		{"POST", "/dms/{id}/post", Member, w.PostMessage},
		{"POST", "/dms/{id}/answer", Member, w.AnswerRequest},
		{"GET", "/about", Public, w.About},
		{"GET", "/invitation", Public, w.Invitation},
		{"POST", "/language", Public, w.SetLanguage},
		{"POST", "/country", Public, w.SetCountry},
		{"GET", "/more", Member, w.More},
		{"GET", "/organizations", Member, w.Organizations},
		{"POST", "/organizations", SiteAdmin, w.CreateOrganization},
		{"POST", "/organizations/join", Member, w.JoinOrganization},
		{"GET", "/organizations/{id}", Member, w.Organization},
		{"POST", "/organizations/{id}/action", Member, w.OrgAction},
		{"GET", "/organizations/{id}/members/{user}", Member, w.MemberUnderConsent},
		{"GET", "/consents", Member, w.Consents},
		{"POST", "/consents", Member, w.GiveConsent},
		{"POST", "/consents/{id}/revoke", Member, w.RevokeConsent},
		{"GET", "/community", Member, w.Community},
		{"GET", "/people", Member, w.People},
		{"POST", "/community/posts", Member, w.CreatePost},
		{"GET", "/posts/{id}", Member, w.Post},
		{"POST", "/posts/{id}/comment", Member, w.CommentOnPost},
		{"POST", "/reports", Member, w.FileReport},
		{"GET", "/moderation/queue", Moderator, w.ModerationReports},
		{"POST", "/moderation/queue/{id}", Moderator, w.ModerateReport},
		{"POST", "/moderation/appeals/{id}", Moderator, w.DecideAppeal},
		{"GET", "/appeals", Member, w.Appeals},
		{"GET", "/appeals/{id}", Member, w.Appeals},
		{"POST", "/appeals/{id}", Member, w.AppealAction},
		{"GET", "/mentorship", Member, w.Mentorship},
		{"POST", "/mentorship/settings", Member, w.SaveMentorship},
		{"POST", "/mentorship/request", Member, w.RequestMentor},
		{"POST", "/mentorships/{id}/status", Member, w.ChangeMentorship},
		{"POST", "/mentorships/{id}/share", Member, w.ShareWithMentor},
		{"GET", "/mentorships/{id}/checkins", Member, w.MenteeCheckins},
		{"POST", "/mentorships/{id}/calls", Member, w.ProposeCall},
		{"POST", "/mentorship-calls/{id}/status", Member, w.ChangeCall},
		{"POST", "/mentorship-calls/{id}/suggest", Member, w.SuggestCallTime},
		{"GET", "/mentorship/cohort", Member, w.Cohort},
		{"POST", "/mentorship/cohort/plan", Member, w.PlanCohort},
		{"POST", "/mentorship/cohort/send", Member, w.SendCohort},
		{"GET", "/support", Member, w.Support},
		{"GET", "/support/status", Member, w.SupportStatus},
		{"GET", "/support/plan", Member, w.SafetyPlan},
		{"POST", "/support/plan", Member, w.SaveSafetyPlan},
		{"POST", "/support/now", Member, w.SupportNow},
		{"POST", "/support/share-lines", Member, w.ShareLines},
		{"POST", "/support/alerts/{id}/close", Member, w.CloseAlert},
		{"GET", "/support/respond", Member, w.Respond},
		{"POST", "/support/alerts/{id}/respond", Member, w.RespondAction},
		{"POST", "/support/duty", Member, w.OnDuty},
		{"GET", "/moderation/crisis", Moderator, w.CrisisQueue},
		{"POST", "/moderation/crisis/{id}", Moderator, w.CrisisAction},
		{"POST", "/moderation/crisis/{id}/message", Moderator, w.MessageFlagged},
		{"GET", "/admin/crisis-resources", SiteAdmin, w.CrisisResources},
		{"POST", "/admin/crisis-resources", SiteAdmin, w.SaveCrisisResource},
		{"GET", "/meetings", Public, w.Meetings},
		{"GET", "/meetings/{source}/{slug}", Public, w.MeetingDetail},
		{"GET", "/treatment", Public, w.Treatment},
		{"POST", "/treatment", Public, w.Treatment},
		{"GET", "/feedback", Public, w.FeedbackForm},
		{"POST", "/feedback", Public, w.Feedback},
		{"GET", "/admin/feedback", SiteAdmin, w.FeedbackInbox},
		{"GET", "/admin", SiteAdmin, w.Admin},
		{"POST", "/admin/roles", SiteAdmin, w.GiveRole},
		{"POST", "/admin/organizations", SiteAdmin, w.CreateOrganizationAdmin},
		{"GET", "/resources", Public, w.Resources},
		{"POST", "/resources", Member, w.SuggestResource},
		{"POST", "/resources/{id}/mark", Member, w.MarkResource},
		{"GET", "/moderation/resources", Moderator, w.ModerationQueue},
		{"POST", "/moderation/resources/{id}", Moderator, w.ModerateResource},
		{"GET", "/checkin", Member, w.CheckinForm},
		{"POST", "/checkin", Member, w.Checkin},
		{"POST", "/recovery/returns", Member, w.ReturnToUse},
		{"POST", "/milestones/share", Member, w.ShareMilestone},
		{"GET", "/recovery-capital", Member, w.CapitalForm},
		{"POST", "/recovery-capital", Member, w.Capital},
		{"GET", "/trends", Member, w.Trends},
		{"POST", "/checkin/reminder", Member, w.Reminder},
		{"GET", "/partners", Member, w.Partners},
		{"POST", "/partners/invite", Member, w.InvitePartner},
		{"POST", "/partners/{id}/accept", Member, w.AcceptPartner},
		{"POST", "/partners/{id}/decline", Member, w.DeclinePartner},
		{"POST", "/partners/{id}/end", Member, w.EndPartner},
		{"POST", "/partners/{id}/choices", Member, w.PartnerChoices},
		{"POST", "/partners/{id}/encourage", Member, w.EncouragePartner},
		{"GET", "/notifications", Member, w.Notifications},
		{"POST", "/notifications/email", Member, w.NotificationEmail},
		{"POST", "/notifications/settings", Member, w.NotificationPrefs},
		{"GET", "/settings/security", Setup, w.Security},
		{"POST", "/settings/password", Setup, w.ChangePassword},
		{"POST", "/settings/mfa/setup", Setup, w.MFASetup},
		{"POST", "/settings/mfa/confirm", Setup, w.MFAConfirm},
		{"POST", "/settings/mfa/disable", Member, w.MFADisable},
		{"POST", "/settings/mfa/recovery-codes", Member, w.MFARecoveryCodes},
		{"POST", "/settings/sessions/{id}/revoke", Setup, w.RevokeSession},
		{"POST", "/settings/sessions/revoke-others", Setup, w.RevokeOtherSessions},
		{"POST", "/settings/push/{id}/revoke", Setup, w.RevokePushDevice},
		{"POST", "/settings/push/{id}/text", Setup, w.PushDeviceText},
		{"GET", "/settings/privacy", Setup, w.Privacy},
		{"POST", "/settings/export", Setup, w.Export},
		{"POST", "/settings/delete", Setup, w.Delete},
	}
}

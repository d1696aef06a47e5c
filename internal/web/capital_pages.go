package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/chart"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// CapitalForm shows the BARC-10 and the member's totals over time.
func (p *Pages) CapitalForm(w http.ResponseWriter, r *http.Request) {
	v := view{}
	if r.URL.Query().Get("done") == "1" {
		v.Notice = p.tr(r, "capital.done")
	}
	p.showCapital(w, r, http.StatusOK, v, nil)
}

func (p *Pages) showCapital(w http.ResponseWriter, r *http.Request, status int, v view, err error) {
	h, herr := p.app.CapitalHistory(r.Context())
	if herr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "capital.title")}, herr)
		return
	}
	v.Title = p.tr(r, "capital.title")
	v.Data = h
	if err != nil {
		p.fail(w, r, "capital", v, err)
		return
	}
	p.render(w, r, status, "capital", v)
}

// Capital saves this month's answers.
func (p *Pages) Capital(w http.ResponseWriter, r *http.Request) {
	names := make([]string, 10)
	for i := range names {
		names[i] = "q" + strconv.Itoa(i)
	}
	f := form(r, names...) // every answer given stays chosen after an error
	answers := make([]int, 10)
	fe := model.FieldErrors{}
	for i, n := range names {
		answers[i] = wholeNumber(fe, f, n, 0, "choose one of the answers")
	}
	if err := fe.Err(); err != nil {
		p.showCapital(w, r, 0, view{Form: f}, err)
		return
	}
	if _, _, err := p.app.SaveCapitalSurvey(r.Context(), answers); err != nil {
		// The app names an answer "responses.N"; on the page it is question
		// qN, whose first choice is #f-qN.
		var e *model.Error
		if errors.As(err, &e) && e.Fields != nil {
			fields, msgs := map[string]string{}, map[string]*model.Msg{}
			for k, msg := range e.Fields {
				m := e.FieldMsgs[k]
				if i, ok := strings.CutPrefix(k, "responses."); ok {
					k = "q" + i
				}
				fields[k] = msg
				if m != nil {
					msgs[k] = m
				}
			}
			err = &model.Error{Kind: e.Kind, Message: e.Message, Msg: e.Msg, Fields: fields, FieldMsgs: msgs}
		}
		p.showCapital(w, r, 0, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/recovery-capital?done=1", http.StatusSeeOther)
}

// trendsData is what the trends page needs.
type trendsData struct {
	Days   int
	Trends []app.Trend
}

// Trends shows mood, craving and recovery-capital charts with words and tables.
func (p *Pages) Trends(w http.ResponseWriter, r *http.Request) {
	days := 30
	if s := r.URL.Query().Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			p.fail(w, r, "message", view{Title: p.tr(r, "trends.title")}, &model.Error{Kind: model.KindInvalid, Message: "choose 30, 90 or 365 days"})
			return
		}
		days = n
	}
	ts, err := p.app.Trends(r.Context(), days)
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "trends.title")}, err)
		return
	}
	p.render(w, r, http.StatusOK, "trends", view{Title: p.tr(r, "trends.title"), Data: trendsData{Days: days, Trends: trendsIn(p.viewerLang(r), ts, days)}})
}

// trendScales are each trend's lowest and highest value, for its words.
var trendScales = map[string][2]int{"mood": {1, 5}, "craving": {0, 10}, "capital": {10, 60}}

// trendsIn writes the trends' titles, descriptions, summaries, axis and
// point labels in l (the app gives the figures; the catalog's "trends."
// messages name mood, craving and capital).
func trendsIn(l *i18n.Lang, ts []app.Trend, days int) []app.Trend {
	out := make([]app.Trend, len(ts))
	for i, t := range ts {
		scale, ok := trendScales[t.ID]
		if !ok {
			out[i] = t
			continue
		}
		line := t.Line
		line.Title = l.T(codeID("trends.chart.", t.ID), "Count", days)
		line.Desc = l.T(codeID("trends.desc.", t.ID), "Min", scale[0], "Max", scale[1])
		line.From, line.To = l.T("trends.axis_from", "Count", days-1), l.T("trends.axis_to")
		line.Points = make([]chart.Point, len(t.Line.Points))
		for j, p := range t.Line.Points {
			if p.Day != "" {
				if m, err := time.Parse("2006-01", p.Day); err == nil {
					p.Label = l.MonthYear(m)
				} else {
					p.Label = dayIn(l, p.Day)
				}
			}
			line.Points[j] = p
		}
		out[i] = app.Trend{ID: t.ID, Line: line, Summary: trendSummary(l, chart.Describe(t.Line.Points), scale[1])}
	}
	return out
}

// trendSummary puts a trend's figures in words in l: "5 entries, from 2
// to 5 of 5, average 3.4. Higher lately (4.5, up from 2.5)."
func trendSummary(l *i18n.Lang, st chart.Stats, top int) string {
	if st.N == 0 {
		return l.T("trends.no_data")
	}
	s := l.T("trends.summary", "Count", st.N, "Low", l.Number(st.Lo, 1), "High", l.Number(st.Hi, 1), "Top", top, "Average", l.Number(st.Avg, 1))
	switch {
	case st.Trend > 0:
		s += " " + l.T("trends.higher", "Late", l.Number(st.Late, 1), "Early", l.Number(st.Early, 1))
	case st.Trend < 0:
		s += " " + l.T("trends.lower", "Late", l.Number(st.Late, 1), "Early", l.Number(st.Early, 1))
	case st.HasTrend:
		s += " " + l.T("trends.steady")
	}
	return s
}

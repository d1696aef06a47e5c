package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// CapitalForm shows the BARC-10 and the member's totals over time.
func (p *Pages) CapitalForm(w http.ResponseWriter, r *http.Request) {
	v := view{}
	if r.URL.Query().Get("done") == "1" {
		v.Notice = "Thank you. Your answers are saved for this month."
	}
	p.showCapital(w, r, http.StatusOK, v, nil)
}

func (p *Pages) showCapital(w http.ResponseWriter, r *http.Request, status int, v view, err error) {
	h, herr := p.app.CapitalHistory(r.Context())
	if herr != nil {
		p.fail(w, r, "message", view{Title: "Recovery capital"}, herr)
		return
	}
	v.Title = "Recovery capital"
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
			fields := map[string]string{}
			for k, msg := range e.Fields {
				if i, ok := strings.CutPrefix(k, "responses."); ok {
					k = "q" + i
				}
				fields[k] = msg
			}
			err = &model.Error{Kind: e.Kind, Message: e.Message, Fields: fields}
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
			p.fail(w, r, "message", view{Title: "Trends"}, &model.Error{Kind: model.KindInvalid, Message: "choose 30, 90 or 365 days"})
			return
		}
		days = n
	}
	ts, err := p.app.Trends(r.Context(), days)
	if err != nil {
		p.fail(w, r, "message", view{Title: "Trends"}, err)
		return
	}
	p.render(w, r, http.StatusOK, "trends", view{Title: "Your trends", Data: trendsData{Days: days, Trends: ts}})
}

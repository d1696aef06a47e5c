package model

import "fmt"

// BARC10Items are the ten statements of the Brief Assessment of Recovery
// Capital (Vilsaint et al., Drug and Alcohol Dependence, 2017), each
// answered on a six-point agreement scale.
var BARC10Items = []string{
	"There are more important things to me in life than using substances.",
	"In general I am happy with my life.",
	"I have enough energy to complete the tasks I set myself.",
	"I am proud of the community I live in and feel part of it.",
	"I get lots of support from friends.",
	"I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
	"My living space has helped to drive my recovery journey.",
	"I take full responsibility for my actions.",
	"I am happy dealing with a range of professional people.",
	"I am making good progress on my recovery journey.",
}

// BARC10Scale labels the answers 1 to 6.
var BARC10Scale = []string{"Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"}

// BARC10Threshold is the total at and above which research has found an
// association with sustained remission.
const BARC10Threshold = 47

// CapitalSurvey is one month's BARC-10 answers. It is health data and is
// stored sealed; the item answers are kept, not only the total.
type CapitalSurvey struct {
	Month     string `json:"month"` // YYYY-MM in the member's time zone
	Responses []int  `json:"responses"`
	Total     int    `json:"total"`
}

// Validate checks there are ten answers from 1 to 6 and sets the total.
func (s *CapitalSurvey) Validate() error {
	fe := FieldErrors{}
	if len(s.Responses) != len(BARC10Items) {
		fe.AddMsg("responses", NewMsg("apperrf.barc_answer_all", fmt.Sprintf("answer all %d statements", len(BARC10Items)), "Count", len(BARC10Items)))
		return fe.Err()
	}
	s.Total = 0
	for i, r := range s.Responses {
		if r < 1 || r > 6 {
			fe.Add(fmt.Sprintf("responses.%d", i), "choose from 1 (strongly disagree) to 6 (strongly agree)")
		}
		s.Total += r
	}
	return fe.Err()
}

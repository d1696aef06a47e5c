package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// stepResult is one step's row: what it cost and how it went.
type stepResult struct {
	setup        string
	people       int
	compress     float64
	when         time.Time
	actionsPerS  float64
	planned      float64
	cpuPerAction time.Duration
	reqPerS      float64
	cpuPct       float64
	perPH        float64 // server CPU-s per person-hour
	perVCPU      float64 // people per vCPU at 70%, derived
	dbPH, lbPH   float64 // -1: none
	natsPH       float64 // -1: none
	page50       time.Duration
	page99       time.Duration
	api99        time.Duration
	ack99        time.Duration
	dl           deliveryStats
	alert99      time.Duration
	alertsGot    int
	alertsRaised int
	errPct       float64
	failed       int
	requests     int
	clientPct    float64
	// clientPerAction is usersim's own CPU (the simulated browsers) per
	// action, to set beside the server's.
	clientPerAction time.Duration
	waitPerCPU      float64 // the nodes' seconds waiting for a core per CPU-second used
	machineBusy     float64
	load            string
	verdict         string
	held            bool
}

const tableHeader = "| set-up | people (× compression = people at real pace) | actions/s done of planned | server CPU per action | requests/s | server CPU (one core = 100%) | server CPU-s per person-hour | people per vCPU at 70% | DB CPU-s per person-hour | LB CPU-s per person-hour | page p50 / p99 | API p99 | socket request p99 | live delivery p50 / p99 / max (n) | caught up p50 / p99 / max (n) | lost live / caught up | support alert p99 (got/raised) | errors | server's wait for a core per CPU-s | client CPU | machine busy | objective |\n" +
	"|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"

func perPHCol(x float64) string {
	if x < 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f", x)
}

func durs(xs []time.Duration) string {
	return fmt.Sprintf("%.1f / %.1f / %.0f ms (%d)", ms(pctOf(xs, 0.5)), ms(pctOf(xs, 0.99)), ms(maxOf(xs)), len(xs))
}

func (r stepResult) row() string {
	return fmt.Sprintf("| %s | %d (× %g = %d) | %.1f of %.1f | %.2f ms | %.1f | %.0f%% | %.3f | %.0f | %s | %s | %.1f / %.1f ms | %.1f ms | %.1f ms | %s | %s | %d / %d | %.0f ms (%d/%d) | %.3f%% (%d of %d) | %.2f s | %.0f%% | %.0f%% (load %s) | %s |",
		r.setup, r.people, r.compress, int(float64(r.people)*r.compress), r.actionsPerS, r.planned, ms(r.cpuPerAction), r.reqPerS, r.cpuPct,
		r.perPH, r.perVCPU, perPHCol(r.dbPH), perPHCol(r.lbPH), ms(r.page50), ms(r.page99), ms(r.api99), ms(r.ack99),
		durs(r.dl.live), durs(r.dl.caught), r.dl.lostLive, r.dl.lostCaug, ms(r.alert99), r.alertsGot, r.alertsRaised,
		r.errPct, r.failed, r.requests, r.waitPerCPU, r.clientPct, r.machineBusy, r.load, r.verdict)
}

// deliveryLine says what the delivery columns are made of.
func (r stepResult) deliveryLine() string {
	d := r.dl
	return fmt.Sprintf("%d messages sent; live %d (p50 %.1f ms, p99 %.1f ms, max %.0f ms; %d first seen as a later change; after the sender's answer p99 %.1f ms, max %.0f ms), caught up %d (p50 %.0f ms, p99 %.0f ms, max %.0f ms), updates of messages already had %d, duplicates %d, lost live %d, lost from catch-up %d; all of these frames as usersim counted them before it told them apart: p50 %.1f ms, p99 %.0f ms (%d)",
		d.sends, len(d.live), ms(pctOf(d.live, 0.5)), ms(pctOf(d.live, 0.99)), ms(maxOf(d.live)), d.lateFirst, ms(pctOf(d.afterAnswer, 0.99)), ms(maxOf(d.afterAnswer)),
		len(d.caught), ms(pctOf(d.caught, 0.5)), ms(pctOf(d.caught, 0.99)), ms(maxOf(d.caught)),
		d.updates, d.duplicates, d.lostLive, d.lostCaug, ms(pctOf(d.asBefore, 0.5)), ms(pctOf(d.asBefore, 0.99)), len(d.asBefore))
}

var csvHeader = []string{"setup", "when_utc", "people", "compress", "people_real_pace", "actions_per_s", "planned_per_s", "server_cpu_ms_per_action", "requests_per_s", "server_cpu_pct",
	"server_cpu_s_per_person_hour", "people_per_vcpu_70", "db_cpu_s_per_person_hour", "lb_cpu_s_per_person_hour", "nats_cpu_s_per_person_hour",
	"page_p50_ms", "page_p99_ms", "api_p99_ms", "socket_request_p99_ms",
	"messages_sent", "live_n", "live_p50_ms", "live_p99_ms", "live_max_ms", "live_first_seen_later_change", "live_after_answer_p99_ms", "live_after_answer_max_ms",
	"caught_up_n", "caught_up_p50_ms", "caught_up_p99_ms", "caught_up_max_ms", "updates", "duplicates", "lost_live", "lost_caught_up",
	"as_counted_before_n", "as_counted_before_p50_ms", "as_counted_before_p99_ms",
	"alert_p99_ms", "alerts_got", "alerts_raised", "errors_pct", "errors", "requests", "server_wait_for_core_s_per_cpu_s", "client_cpu_pct", "machine_busy_pct", "load", "objective", "client_cpu_ms_per_action"}

func f3(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
func dms(d time.Duration) string {
	return strconv.FormatFloat(ms(d), 'f', 2, 64)
}
func ph(x float64) string {
	if x < 0 {
		return ""
	}
	return f3(x)
}

func (r stepResult) csvRow() []string {
	d := r.dl
	return []string{r.setup, r.when.Format(time.RFC3339), strconv.Itoa(r.people), f3(r.compress), strconv.Itoa(int(float64(r.people) * r.compress)),
		f3(r.actionsPerS), f3(r.planned), dms(r.cpuPerAction), f3(r.reqPerS), f3(r.cpuPct),
		f3(r.perPH), strconv.Itoa(int(r.perVCPU)), ph(r.dbPH), ph(r.lbPH), ph(r.natsPH),
		dms(r.page50), dms(r.page99), dms(r.api99), dms(r.ack99),
		strconv.Itoa(d.sends), strconv.Itoa(len(d.live)), dms(pctOf(d.live, 0.5)), dms(pctOf(d.live, 0.99)), dms(maxOf(d.live)), strconv.Itoa(d.lateFirst), dms(pctOf(d.afterAnswer, 0.99)), dms(maxOf(d.afterAnswer)),
		strconv.Itoa(len(d.caught)), dms(pctOf(d.caught, 0.5)), dms(pctOf(d.caught, 0.99)), dms(maxOf(d.caught)), strconv.Itoa(d.updates), strconv.Itoa(d.duplicates),
		strconv.Itoa(d.lostLive), strconv.Itoa(d.lostCaug),
		strconv.Itoa(len(d.asBefore)), dms(pctOf(d.asBefore, 0.5)), dms(pctOf(d.asBefore, 0.99)),
		dms(r.alert99), strconv.Itoa(r.alertsGot), strconv.Itoa(r.alertsRaised), f3(r.errPct), strconv.Itoa(r.failed), strconv.Itoa(r.requests),
		f3(r.waitPerCPU), f3(r.clientPct), f3(r.machineBusy), r.load, r.verdict, dms(r.clientPerAction)}
}

// csvOut writes every step's row as it comes, so a run cut short keeps
// what it measured.
type csvOut struct {
	f *os.File
	w *csv.Writer
}

func newCSV(path string) (*csvOut, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := csv.NewWriter(f)
	w.Write(csvHeader)
	w.Flush()
	return &csvOut{f: f, w: w}, w.Error()
}

func (c *csvOut) write(r stepResult) {
	if c == nil {
		return
	}
	c.w.Write(r.csvRow())
	c.w.Flush()
}

func (c *csvOut) close() {
	if c != nil {
		c.f.Close()
	}
}

// summary is the users-per-vCPU table issue 17 asks for: each set-up's
// steps, the highest step that held the objective, beside Mattermost's
// published figure.
func summary(results []stepResult) string {
	var b strings.Builder
	b.WriteString("| set-up | people at real pace | server CPU-s per person-hour | people per vCPU at 70% (derived) | DB CPU-s per person-hour | LB CPU-s per person-hour | server CPU | live delivery p99 | caught up p99 | lost | page p99 | API p99 | errors | objective |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %.3f | %.0f | %s | %s | %.0f%% | %.1f ms | %.0f ms | %d | %.1f ms | %.1f ms | %.3f%% | %s |\n",
			r.setup, int(float64(r.people)*r.compress), r.perPH, r.perVCPU, perPHCol(r.dbPH), perPHCol(r.lbPH), r.cpuPct,
			ms(pctOf(r.dl.live, 0.99)), ms(pctOf(r.dl.caught, 0.99)), r.dl.lostLive+r.dl.lostCaug, ms(r.page99), ms(r.api99), r.errPct, r.verdict)
	}
	b.WriteString("| Mattermost's published sizing (its load test: average ≤ 100 ms, p99 ≤ 2 s, errors ≤ 0.025%, database elsewhere) | | | 1,875 per application vCPU | | | | | | | | | | |\n")
	return b.String()
}

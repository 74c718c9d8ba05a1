package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressEvery is how often the progress bar is redrawn at most.
const progressEvery = 100 * time.Millisecond

// progressWidth is the width of the bar itself, in characters.
const progressWidth = 30

// progress draws a progress bar of a batch on a terminal: the orders
// done (of the total, when known), the rate and the time left. A nil
// *progress draws nothing. Its caller serializes it with the output.
type progress struct {
	w     io.Writer
	total int // 0: unknown
	start time.Time
	now   func() time.Time
	last  time.Time // when it was last drawn
	shown int       // the length of the line on screen
}

func newProgress(w io.Writer, total int, now func() time.Time) *progress {
	return &progress{w: w, total: total, start: now(), now: now}
}

// draw redraws the bar for the orders done so far, at most every
// progressEvery and always for the last order.
func (p *progress) draw(s *batchStats) {
	if p == nil {
		return
	}
	now := p.now()
	if now.Sub(p.last) < progressEvery && s.orders != p.total {
		return
	}
	p.last = now
	line := progressLine(s.orders, s.failed, p.total, now.Sub(p.start))
	pad := max(p.shown-len(line), 0)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.shown = len(line)
}

// clear takes the bar off the screen, before other output.
func (p *progress) clear() {
	if p == nil || p.shown == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.shown))
	p.shown = 0
}

// progressLine is one state of the bar:
//
//	[=========>                    ] 312/1000  31%  52.0 orders/s  ETA 13s  2 failed
//
// Without a total it shows the orders done and the rate.
func progressLine(done, failed, total int, elapsed time.Duration) string {
	var b strings.Builder
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed.Seconds()
	}
	if total > 0 {
		filled := min(done*progressWidth/total, progressWidth)
		bar := strings.Repeat("=", filled)
		if filled < progressWidth {
			bar += ">" + strings.Repeat(" ", progressWidth-filled-1)
		}
		fmt.Fprintf(&b, "[%s] %d/%d %3d%%", bar, done, total, done*100/total)
	} else {
		fmt.Fprintf(&b, "%d orders", done)
	}
	fmt.Fprintf(&b, "  %.1f orders/s", rate)
	if total > 0 && rate > 0 && done < total {
		eta := time.Duration(float64(total-done) / rate * float64(time.Second))
		fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
	}
	if failed > 0 {
		fmt.Fprintf(&b, "  %d failed", failed)
	}
	return b.String()
}

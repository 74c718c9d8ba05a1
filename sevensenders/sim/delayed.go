package sim

import (
	"container/heap"
	"time"
)

// The delayed mark (rule order-delayed-mark) is checked on every request,
// so it must not cost a scan of every order. The orders that may still
// become delayed wait in a min-heap by promised_delivery_date, parsed
// once when the order is written; a check pops only the ones that are
// due.
//
// An order is watched again whenever something that decides its mark
// may have changed: its promised_delivery_date, its shipments and their
// statuses. A due order that is not marked (its shipments are all
// delivered) leaves the heap until then. Its state cannot bring it back:
// an order that leaves the pre-shipment states and shipped never returns
// to them.

// dueOrder is one order in the heap: its 7S id and when it is due.
type dueOrder struct {
	at time.Time
	id string
}

// dueHeap orders dueOrders by time, earliest first.
type dueHeap []dueOrder

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(dueOrder)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// delayWatch is the heap and, for each order in it, the time it is
// queued for; an entry whose time differs is stale and skipped.
type delayWatch struct {
	heap   dueHeap
	queued map[string]time.Time
}

// resetDelayed watches every order of the state afresh.
func (s *Server) resetDelayed() {
	s.due = delayWatch{queued: map[string]time.Time{}}
	for _, o := range s.st.Orders {
		s.watchDelayed(o)
	}
}

// mayBeDelayed reports whether order could get the delayed mark: it is
// not marked yet and in a pre-shipment state or shipped.
func mayBeDelayed(order Object) bool {
	st := str(order, "state")
	_, pre := preShipment[st]
	return (pre || st == stateShipped) && order["delayed"] != true
}

// watchDelayed puts order in the heap under its promised_delivery_date,
// unless it is there under that date already or cannot become delayed.
func (s *Server) watchDelayed(order Object) {
	if order == nil || !mayBeDelayed(order) {
		return
	}
	at, has := timeField(order, "promised_delivery_date")
	id := str(order, "id")
	if q, queued := s.due.queued[id]; !has || (queued && q.Equal(at)) {
		return
	}
	s.due.queued[id] = at
	heap.Push(&s.due.heap, dueOrder{at: at, id: id})
}

// checkDelayed marks every order whose promised_delivery_date has passed
// while it is not delivered (rule order-delayed-mark): delayed: true and
// an event in states_history; the state does not change.
func (s *Server) checkDelayed() {
	now := s.now()
	for len(s.due.heap) > 0 && now.After(s.due.heap[0].at) {
		e := heap.Pop(&s.due.heap).(dueOrder)
		if q, queued := s.due.queued[e.id]; !queued || !q.Equal(e.at) {
			continue
		}
		delete(s.due.queued, e.id)
		o := s.tb.orders.get(e.id)
		if o == nil || !mayBeDelayed(o) || s.allDelivered(o) {
			continue
		}
		o["delayed"] = true
		hist, _ := o["states_history"].([]any)
		o["states_history"] = append(hist, Object{
			"datetime": rfc3339(now), "order_id": str(o, "order_id"), "state": str(o, "state"), "event": "delayed",
		})
		s.tb.orders.touch(o)
	}
}

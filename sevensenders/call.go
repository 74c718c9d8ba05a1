package sevensenders

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// callRun is one call of Do on its way through its tries: a small state
// machine. Each state is a method that does one thing and returns the
// next state, or nil when the call is over with resp or err set. Which
// answers are retried and how long to wait is the RetryPolicy's (retry.go);
// the states only follow it.
//
//	send ─┬─ answered ─┬─ (2xx) done
//	      │            ├─ retoken ─ send            (401, once per call)
//	      │            ├─ readBackConflict ─ done   (409 after a try that may have arrived)
//	      │            └─ retry
//	      └─ unanswered ─ retry
//	retry ─┬─ next ─ send
//	       └─ readBackCreate ─┬─ done               (a create that may have arrived)
//	                          └─ next ─ send
type callRun struct {
	c      *Client
	cl     *call
	v      any
	policy RetryPolicy
	// create is a POST that makes something; readBack finds what it made
	// (nil when it cannot be found), once lookedUp (see lookup).
	create   bool
	readBack readBack
	lookedUp bool

	attempt   int
	retokened bool // a 401 gets one new token per call
	applied   bool // an earlier try may have been applied
	res       *result
	tok       Secret    // the token the try used
	failure   error     // why the last try failed
	apiErr    *APIError // the last try's error answer, if it had one

	resp *Response
	err  error
}

// stateFn is a state of a callRun.
type stateFn func(ctx context.Context) stateFn

// run makes the tries of one call.
func (c *Client) run(ctx context.Context, cl *call, v any) (*Response, error) {
	budgetOf(ctx).begin(c.now())
	r := &callRun{c: c, cl: cl, v: v, policy: c.retry.withDefaults(), attempt: 1}
	r.create = cl.method == http.MethodPost && !cl.secret
	for st := r.send; st != nil; {
		st = st(ctx)
	}
	return r.resp, r.err
}

// where names the call in errors: "POST /v2/orders".
func (r *callRun) where() string { return r.cl.method + " " + r.c.urlPath(r.cl.path) }

// fail ends the call with err.
func (r *callRun) fail(err error) stateFn {
	r.err = err
	return nil
}

// done ends the call with the answer of the last try.
func (r *callRun) done() stateFn {
	r.resp = &Response{StatusCode: r.res.status, Header: r.res.header, Attempts: r.attempt}
	return nil
}

// send makes one try.
func (r *callRun) send(ctx context.Context) stateFn {
	res, tok, err := r.c.try(ctx, r.cl, r.attempt)
	r.res, r.tok, r.failure, r.apiErr = res, tok, err, nil
	if err != nil {
		return r.unanswered
	}
	return r.answered
}

// answered handles an answer: success, a refused token, or an error
// answer that may be retried.
func (r *callRun) answered(context.Context) stateFn {
	if r.res.status == http.StatusUnauthorized && r.cl.auth && !r.retokened {
		return r.retoken
	}
	err := checkResponse(r.cl.method, r.c.urlPath(r.cl.path), r.res.status, r.res.header, r.res.body, r.c.now())
	if err == nil {
		if err := decodeInto(r.res.body, r.v); err != nil {
			return r.fail(fmt.Errorf("%s: decode answer: %w", r.where(), err))
		}
		return r.done()
	}
	r.apiErr, r.failure = err.(*APIError), err
	if pausesAll(r.res.status) {
		// The API asks everyone to wait, not only this call.
		r.c.limiter.Pause(min(r.apiErr.RetryAfter, r.policy.MaxRetryAfter))
	}
	switch {
	case r.applied && r.cl.method == http.MethodDelete && r.res.status == http.StatusNotFound:
		// An earlier DELETE arrived: what it deleted is gone.
		return r.done()
	case r.applied && r.res.status == http.StatusConflict && r.lookup() != nil:
		return r.readBackConflict
	case !retryableStatus(r.res.status):
		return r.fail(r.apiErr)
	}
	return r.retry
}

// unanswered handles a try that got no answer.
func (r *callRun) unanswered(ctx context.Context) stateFn {
	var te *transportError
	if !errors.As(r.failure, &te) {
		return r.fail(r.failure) // the token call failed, after its own tries
	}
	if ctx.Err() != nil {
		return r.fail(fmt.Errorf("%s: %w", r.where(), context.Cause(ctx)))
	}
	r.failure = fmt.Errorf("%s: %w", r.where(), te.err)
	r.res = &result{}
	return r.retry
}

// retoken drops the token the API refused and makes the same try again,
// with a new one.
func (r *callRun) retoken(context.Context) stateFn {
	r.retokened = true
	r.c.dropToken(r.tok)
	return r.send
}

// lookup returns how to read back what the create made, or nil when it
// cannot be looked up. It is found on first use: only a failed try needs
// it.
func (r *callRun) lookup() readBack {
	if r.create && !r.lookedUp {
		r.lookedUp = true
		r.readBack = r.c.readBackFor(r.cl.path, r.cl.viewOf())
	}
	return r.readBack
}

// readBackConflict handles a 409 to a create whose earlier try may have
// arrived: that try may have made it.
func (r *callRun) readBackConflict(ctx context.Context) stateFn {
	if resp, ok, err := r.c.lookupInto(ctx, r.lookup(), r.v, r.attempt); err == nil && ok {
		r.resp = resp
		return nil
	}
	return r.fail(r.apiErr)
}

// retry waits as the policy says and goes on to the next try; a create
// that may have arrived is read back first, and one that cannot be read
// back is not sent again.
func (r *callRun) retry(ctx context.Context) stateFn {
	wait, ok := r.policy.delay(r.attempt, r.c.rand(), r.apiErr, budgetOf(ctx) != nil)
	if !ok {
		return r.fail(r.failure)
	}
	if !budgetOf(ctx).allows(r.c.now(), wait) {
		return r.fail(fmt.Errorf("%w (gave up: %w)", r.failure, ErrRetryBudget))
	}
	arrived := !notArrived(r.res.status, r.failure)
	if r.create && arrived && r.lookup() == nil {
		return r.fail(fmt.Errorf("%w: %w", r.failure, ErrNotRetried))
	}
	if err := r.c.sleep(ctx, wait); err != nil {
		return r.fail(fmt.Errorf("%w (gave up: %w)", r.failure, err))
	}
	if !arrived {
		return r.next
	}
	r.applied = true
	if r.create {
		return r.readBackCreate
	}
	return r.next
}

// readBackCreate looks for what a create that may have arrived made, and
// returns it if it is there rather than send the create again.
func (r *callRun) readBackCreate(ctx context.Context) stateFn {
	resp, ok, err := r.c.lookupInto(ctx, r.lookup(), r.v, r.attempt)
	if err != nil {
		return r.fail(fmt.Errorf("%w: %w: read back: %w", r.failure, ErrNotRetried, err))
	}
	if ok {
		r.resp = resp
		return nil
	}
	return r.next
}

// next moves on to the next try.
func (r *callRun) next(context.Context) stateFn {
	r.attempt++
	return r.send
}

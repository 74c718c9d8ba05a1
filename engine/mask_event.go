package engine

import (
	"errors"
	"regexp"
	"strings"
)

// event returns a masked copy of e. Each value is walked from its own
// root: a pattern matches the pointer inside the input, an output, a
// payload or a body alike.
func (k *masker) event(e Event) Event {
	if k == nil {
		return e
	}
	switch e := e.(type) {
	case RunStart:
		e.Input = k.value(e.Input, nil)
		e.Settings = k.object(e.Settings)
		return e
	case RunEnd:
		e.Err = k.err(e.Err)
		return e
	case StepEnd:
		e.Output = k.value(e.Output, nil)
		e.Err = k.err(e.Err)
		return e
	case Condition:
		if e.Names != nil {
			names := make([]NameValue, len(e.Names))
			for i, n := range e.Names {
				names[i] = NameValue{Name: n.Name, Value: k.value(n.Value, namePath(n.Name))}
			}
			e.Names = names
		}
		return e
	case Iteration:
		e.Item = k.value(e.Item, nil)
		return e
	case Enter:
		e.Input = k.value(e.Input, nil)
		return e
	case Call:
		e.Args = k.object(e.Args)
		e.Result = k.value(e.Result, nil)
		e.Err = k.err(e.Err)
		return e
	case Hook:
		e.Result = k.value(e.Result, nil)
		e.Err = k.err(e.Err)
		return e
	case Exchanged:
		e.Exchange.Path = k.text(e.Exchange.Path)
		e.Exchange.Request = k.value(e.Exchange.Request, nil)
		e.Exchange.Response = k.value(e.Exchange.Response, nil)
		return e
	case Log:
		e.Message = k.text(e.Message)
		return e
	}
	return e
}

// object masks a map of values, keeping nil as nil.
func (k *masker) object(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out, _ := k.value(m, nil).(map[string]any)
	return out
}

// indexRef matches an index in an expression's name: [0].
var indexRef = regexp.MustCompile(`\[(\d+)\]`)

// namePath is the pointer of a name an expression reads
// ("input.recipient.email", "input.order_items[0].sku"), as segments.
func namePath(name string) []string {
	return strings.Split(indexRef.ReplaceAllString(name, ".$1"), ".")
}

// err returns err with every learned value masked in its text and
// details. An *Error or ErrorList keeps its type, code and positions; its
// cause becomes a plain error of the masked text. An error with nothing
// to mask is returned as it is.
func (k *masker) err(err error) error {
	_, out := k.maskErr(err)
	return out
}

// maskErr reports whether it masked anything in err, and returns err
// masked.
func (k *masker) maskErr(err error) (bool, error) {
	if k == nil || err == nil {
		return false, err
	}
	switch e := err.(type) {
	case *Error:
		changed, cause := k.maskErr(e.Err)
		details := k.details(e.details)
		if !changed && sameDetails(details, e.details) {
			return false, e
		}
		cp := *e
		cp.Err, cp.details = cause, details
		return true, &cp
	case ErrorList:
		out := make(ErrorList, len(e))
		changed := false
		for i, x := range e {
			c, m := k.maskErr(x)
			out[i], changed = m.(*Error), changed || c
		}
		if !changed {
			return false, e
		}
		return true, out
	}
	msg := err.Error()
	masked := k.text(msg)
	var d DetailedError
	var details []Detail
	if errors.As(err, &d) {
		details = d.Details()
	}
	md := k.details(details)
	if masked == msg && sameDetails(md, details) {
		return false, err
	}
	return true, &recordedError{msg: masked, details: md}
}

// details masks the messages of findings.
func (k *masker) details(ds []Detail) []Detail {
	if ds == nil {
		return nil
	}
	out := make([]Detail, len(ds))
	for i, d := range ds {
		d.Message = k.text(d.Message)
		out[i] = d
	}
	return out
}

// sameDetails reports whether two lists of findings are equal.
func sameDetails(a, b []Detail) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pause returns a masked copy of p: what its scope holds, and so what
// Pause.Eval sees, and the events since the last pause, masked as the
// run recorded them already.
func (k *masker) pause(p Pause) Pause {
	if k == nil {
		return p
	}
	p.Input = k.value(p.Input, nil)
	p.Settings = k.object(p.Settings)
	p.Steps = k.object(p.Steps)
	p.Vars = k.object(p.Vars)
	p.Locals = k.object(p.Locals)
	return p
}

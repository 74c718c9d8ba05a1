package schemas

import "context"

// validatedKey is the context key of the schemas a request body was
// validated against.
type validatedKey struct{}

// validated is one schema name a body was validated against, and the
// ones noted before it.
type validated struct {
	name   string
	parent *validated
}

// WithValidated returns a copy of ctx noting that the body of a request
// made with it was validated against the schema called name by its
// sender. A receiver in the same process, such as the in-process
// simulator reached through sevensenders.HandlerTransport, may take the
// body as valid instead of validating it again, so that one run
// validates each payload once and its errors keep the sender's
// positions. The note never crosses a wire: over HTTP the receiver
// validates.
func WithValidated(ctx context.Context, name string) context.Context {
	parent, _ := ctx.Value(validatedKey{}).(*validated)
	return context.WithValue(ctx, validatedKey{}, &validated{name: name, parent: parent})
}

// Validated reports whether ctx notes that a request body was validated
// against the schema called name (see WithValidated).
func Validated(ctx context.Context, name string) bool {
	v, _ := ctx.Value(validatedKey{}).(*validated)
	for ; v != nil; v = v.parent {
		if v.name == name {
			return true
		}
	}
	return false
}

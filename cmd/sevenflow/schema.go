package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
)

var schemaCommand = command{
	name:    "schema",
	usage:   "schema list | show NAME | check NAME FILE",
	summary: "list, print or check against the JSON Schemas of the 7S payloads",
	run: func(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
		rest, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		const hint = "run 'sevenflow schema --help'"
		if len(rest) == 0 {
			return usageErrorf(hint, "schema needs a sub-command: list, show or check")
		}
		switch sub, rest := rest[0], rest[1:]; sub {
		case "list":
			if len(rest) != 0 {
				return usageErrorf(hint, "schema list takes no arguments")
			}
			return schemaList(e)
		case "show":
			if len(rest) != 1 {
				return usageErrorf(hint, "schema show needs one schema NAME")
			}
			return schemaShow(e, rest[0])
		case "check":
			if len(rest) != 2 {
				return usageErrorf(hint, "schema check needs a schema NAME and a FILE (- for stdin)")
			}
			return schemaCheck(e, rest[0], rest[1])
		default:
			return usageErrorf(hint, "unknown schema sub-command %q (want list, show or check)", sub)
		}
	},
}

func schemaList(e *env) error {
	names := schemas.Names()
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		title, err := schemas.Title(n)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%-*s  %s\n", width, n, title)
	}
	return nil
}

func schemaShow(e *env, name string) error {
	if err := knownSchema(name); err != nil {
		return err
	}
	src, err := schemas.Source(name)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(src), "", "  "); err != nil {
		return fmt.Errorf("schema %s: %w", name, err)
	}
	out.WriteByte('\n')
	_, err = e.stdout.Write(out.Bytes())
	return err
}

// schemaCheck validates FILE against schema name: "FILE: valid", or one
// "FILE: /pointer: message" line per violation and exit 1.
func schemaCheck(e *env, name, file string) error {
	if err := knownSchema(name); err != nil {
		return err
	}
	var data []byte
	var err error
	if file == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return invalid(fmt.Errorf("read %s: %w", file, err))
	}
	err = schemas.ValidateJSON(name, data)
	var ve *schemas.ValidationError
	switch {
	case err == nil:
		fmt.Fprintf(e.stdout, "%s: valid\n", file)
		return nil
	case errors.As(err, &ve):
		for _, v := range ve.Violations {
			fmt.Fprintf(e.stdout, "%s: %s\n", file, v)
		}
		return errSilent(exitFailed)
	default:
		return invalid(fmt.Errorf("%s: %w", file, err))
	}
}

// knownSchema returns a usage error, with the closest name, for an unknown
// schema name.
func knownSchema(name string) error {
	if _, err := schemas.Source(name); err == nil {
		return nil
	}
	if best := engine.Closest(name, schemas.Names()); best != "" {
		return usageErrorf("run 'sevenflow schema list' for the names", "unknown schema %q, did you mean %q?", name, best)
	}
	return usageErrorf("run 'sevenflow schema list' for the names", "unknown schema %q", name)
}

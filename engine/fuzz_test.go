package engine_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// FuzzLoad loads and compiles arbitrary YAML. It must never panic, and every
// error must have a position in the file. The seed corpus is in
// testdata/fuzz/FuzzLoad, plus every golden case's pipeline and every
// hostile input's (alias bombs, deep YAML, deep expressions, hooks).
func FuzzLoad(f *testing.F) {
	cases, _ := filepath.Glob("../testdata/engine/*/*.yaml")
	hostile, _ := filepath.Glob("../testdata/hostile/*/pipeline.yaml")
	cases = append(cases, hostile...)
	for _, c := range cases {
		if src, err := os.ReadFile(c); err == nil {
			f.Add(src)
		}
	}
	reg := testRegistry(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := engine.Load("fuzz.yaml", src)
		errs := engine.Errors(err)
		if err != nil && len(errs) == 0 {
			t.Fatalf("error is not an *engine.Error: %v", err)
		}
		if p != nil {
			// A partial pipeline must compile without panicking too (lint
			// reports both).
			_, cerr := engine.Compile(p, reg)
			if err == nil {
				err = cerr
			}
			errs = append(errs, engine.Errors(cerr)...)
		}
		if err == nil {
			return
		}
		if len(errs) == 0 {
			t.Fatalf("error is not an *engine.Error: %v", err)
		}
		for _, e := range errs {
			if !e.Pos.IsValid() || e.Pos.Col < 1 || e.Pos.File != "fuzz.yaml" {
				t.Fatalf("error without a position: %#v: %v", e.Pos, e)
			}
			if e.Code == "" || errors.Unwrap(e) == nil {
				t.Fatalf("error without a code or cause: %v", e)
			}
		}
	})
}

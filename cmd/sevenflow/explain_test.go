package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

func TestExplain(t *testing.T) {
	at := func(line, col int) engine.Pos { return engine.Pos{File: "p.yaml", Line: line, Col: col} }
	long := strings.Repeat("x", 100)
	tests := []struct {
		name   string
		events []engine.Event
		paths  []string
		text   string
	}{
		{
			name: "a when that was false",
			events: []engine.Event{
				engine.StepStart{Step: "a", Path: "a", Kind: engine.KindFail, Pos: at(2, 5)},
				engine.Condition{Step: "a", Kind: engine.WhenCondition, Expr: "input.x ==\n  1", Pos: at(3, 11),
					Names: []engine.NameValue{{Name: "input.x", Value: 2.0}, {Name: "input.y", Value: nil}}},
				engine.StepEnd{Step: "a", Kind: engine.KindFail, Status: engine.StatusSkipped},
			},
			paths: []string{"a"},
			text: "explain:\n" +
				"  a: skipped because `input.x == 1` was false (p.yaml:3:11)\n" +
				"      input.x = 2\n" +
				"      input.y = nil\n",
		},
		{
			name: "a switch's default case, a call that found its resource",
			events: []engine.Event{
				engine.StepStart{Step: "sw", Path: "sw", Kind: engine.KindSwitch, Pos: at(2, 5)},
				engine.Condition{Step: "sw", Kind: engine.CaseCondition, Expr: `settings.label == "own"`, Pos: at(4, 15),
					Names: []engine.NameValue{{Name: "settings.label", Value: "sevensenders"}}},
				engine.StepStart{Step: "make", Path: "sw/make", Kind: engine.KindCall, Pos: at(7, 13), Depth: 1},
				engine.StepEnd{Step: "make", Kind: engine.KindCall, Status: engine.StatusExists, Depth: 1},
				engine.StepEnd{Step: "sw", Kind: engine.KindSwitch, Status: engine.StatusOK},
			},
			paths: []string{"sw", "sw/make"},
			text: "explain:\n" +
				"  sw: ran, no condition (p.yaml:2:5)\n" +
				"    case `settings.label == \"own\"` was false (p.yaml:4:15)\n" +
				"      settings.label = \"sevensenders\"\n" +
				"    no case held: the default case ran\n" +
				"    make: ran (exists), no condition (p.yaml:7:13)\n",
		},
		{
			name: "a switch with a when and no case that held, a long value",
			events: []engine.Event{
				engine.StepStart{Step: "sw", Path: "sw", Kind: engine.KindSwitch, Pos: at(2, 5)},
				engine.Condition{Step: "sw", Kind: engine.WhenCondition, Expr: "vars.on", Value: true, Pos: at(3, 11),
					Names: []engine.NameValue{{Name: "vars.on", Value: true}}},
				engine.Condition{Step: "sw", Kind: engine.CaseCondition, Expr: "vars.name == nil", Pos: at(5, 15),
					Names: []engine.NameValue{{Name: "vars.name", Value: long}}},
				engine.StepEnd{Step: "sw", Kind: engine.KindSwitch, Status: engine.StatusOK},
			},
			paths: []string{"sw"},
			text: "explain:\n" +
				"  sw: ran because `vars.on` was true (p.yaml:3:11)\n" +
				"      vars.on = true\n" +
				"    case `vars.name == nil` was false (p.yaml:5:15)\n" +
				"      vars.name = \"" + strings.Repeat("x", 78) + "…\n" +
				"    no case held\n",
		},
		{
			name: "foreach iterations and an assert",
			events: []engine.Event{
				engine.StepStart{Step: "each", Path: "each", Kind: engine.KindForeach, Pos: at(2, 5)},
				engine.Iteration{Step: "each", Index: 0, Depth: 1},
				engine.StepStart{Step: "fits", Path: "each[0]/fits", Kind: engine.KindAssert, Pos: at(6, 9), Depth: 1},
				engine.Condition{Step: "fits", Kind: engine.AssertCondition, Expr: "line.kg < 2", Value: true, Pos: at(6, 17), Depth: 1,
					Names: []engine.NameValue{{Name: "line.kg", Value: 1.5}}},
				engine.StepEnd{Step: "fits", Kind: engine.KindAssert, Status: engine.StatusOK, Depth: 1},
				engine.StepStart{Step: "note", Path: "each[0]/note", Kind: engine.KindSet, Pos: at(8, 9), Depth: 1},
				engine.StepEnd{Step: "note", Kind: engine.KindSet, Status: engine.StatusOK, Depth: 1},
				engine.Iteration{Step: "each", Index: 1, Depth: 1},
				engine.StepStart{Step: "fits", Path: "each[1]/fits", Kind: engine.KindAssert, Pos: at(6, 9), Depth: 1},
				engine.Condition{Step: "fits", Kind: engine.AssertCondition, Expr: "line.kg < 2", Value: false, Pos: at(6, 17), Depth: 1,
					Names: []engine.NameValue{{Name: "line.kg", Value: 3}}},
				engine.StepEnd{Step: "fits", Kind: engine.KindAssert, Status: engine.StatusFailed, Depth: 1},
				engine.StepEnd{Step: "each", Kind: engine.KindForeach, Status: engine.StatusFailed},
			},
			paths: []string{"each", "each[0]/fits", "each[0]/note", "each[1]/fits"},
			text: "explain:\n" +
				"  each: failed, no condition (p.yaml:2:5)\n" +
				"    [0]\n" +
				"    fits: ran, no condition (p.yaml:6:9)\n" +
				"      assert `line.kg < 2` was true (p.yaml:6:17)\n" +
				"        line.kg = 1.5\n" +
				"    note: ran, no condition (p.yaml:8:9)\n" +
				"    [1]\n" +
				"    fits: failed, no condition (p.yaml:6:9)\n" +
				"      assert `line.kg < 2` was false (p.yaml:6:17)\n" +
				"        line.kg = 3\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			steps := explain(&engine.Trace{Events: tc.events})
			var paths []string
			for _, s := range steps {
				paths = append(paths, s.Path)
			}
			if !slices.Equal(paths, tc.paths) {
				t.Errorf("paths = %q, want %q", paths, tc.paths)
			}
			var b strings.Builder
			if err := writeExplain(&b, steps); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.text {
				t.Errorf("text:\n%s\nwant:\n%s", b.String(), tc.text)
			}
		})
	}
}

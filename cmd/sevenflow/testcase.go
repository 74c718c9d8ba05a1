package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// The files of a test case directory.
const (
	caseFile   = "case.yaml"
	goldenFile = "trace.golden"
)

// The keys of case.yaml.
const (
	keyPipeline    = "pipeline"
	keyInput       = "input"
	keySettings    = "settings"
	keySet         = "set"
	keyDescription = "description"
	keySetup       = "setup"
	keySetupRun    = "run"
	keySetupSim    = "sim"
	keyExpect      = "expect"
	keyError       = "error"
	keyClock       = "clock"
	keyWarehouses  = "warehouses"
)

// The values of expect: how the case's run is to end.
const (
	expectOK     = "ok"
	expectFailed = "failed"
)

// caseKeys lists the keys of case.yaml, for messages.
const caseKeys = "pipeline, input, description, settings, set, setup, expect, error, clock or warehouses"

// testCase is one test case: a directory with a case.yaml, and in it the
// pipeline to run (a file relative to the directory, or a shipped
// pipeline's name), the input file (relative to the directory), settings
// deep-merged over the pipeline's, --set style KEY=VALUE overrides applied
// after them, a setup that prepares the simulator, how the run is to end
// (expect, and for a failure the text its error must contain), the
// simulator's clock and warehouses, and a description. trace.golden next
// to case.yaml holds the trace of the run against a fresh simulator,
// after the setup, in golden form (see goldenForm). docs/testing.md
// describes every key.
type testCase struct {
	Dir         string
	Pipeline    string             // a path as loadPipeline takes it
	Input       string             // a path
	Settings    []*engine.Settings // the layers over the pipeline's settings: settings, then each set
	Setup       []setupStep
	Description string
	Expect      string          // expectOK (the default) or expectFailed
	Error       string          // with expectFailed: text the run's error contains
	Clock       time.Time       // the simulator's clock; zero: simClock
	Warehouses  []sim.Warehouse // the account's warehouses; nil: the shop's warehouse setting
}

// setupStep is one step of a case's setup, done on the case's simulator
// before the traced run: a run of the case's pipeline on another input
// (an earlier order, or the same order before a carrier's event), or a
// request to the simulator's admin API, such as BRT's first hub scan:
//
//	setup:
//	  - run: order.json
//	  - sim: 'POST /sim/shipments/1000002/events {"status": "hub_scan", "tracking_code": "BRT0001"}'
type setupStep struct {
	Pos    engine.Pos
	Run    string // an input file
	Method string // or an admin request: method, path (below /sim/) and JSON body
	Path   string
	Body   string
}

// caseDirs returns the directories under paths that hold a case.yaml,
// sorted and each once. A path may also name a case.yaml itself. Hidden
// directories are skipped.
func caseDirs(paths []string) ([]string, error) {
	seen := map[string]bool{}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, invalid(err)
		}
		if !info.IsDir() {
			if filepath.Base(root) != caseFile {
				return nil, usageErrorf("PATH is a directory of test cases or a "+caseFile, "%s is not a %s", root, caseFile)
			}
			seen[filepath.Dir(root)] = true
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && d.Name() == caseFile {
				seen[filepath.Dir(path)] = true
			}
			return nil
		})
		if err != nil {
			return nil, invalid(err)
		}
	}
	return sortedKeys(seen), nil
}

// readCase reads and checks dir/case.yaml. Its errors name the file, line
// and column.
func readCase(dir string) (*testCase, error) {
	file := filepath.Join(dir, caseFile)
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return &engine.Error{Pos: engine.Pos{File: file, Line: n.Line, Col: n.Column}, Code: engine.CodeBadValue, Err: fmt.Errorf(format, args...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: a test case is a map with the keys pipeline, input, and optionally description, settings, set, setup, expect, error, clock and warehouses", file)
	}
	root := doc.Content[0]
	tc := &testCase{Dir: dir, Expect: expectOK}
	var sets []*yaml.Node
	found := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if found[k.Value] != nil {
			return nil, errAt(k, "%s given twice", k.Value)
		}
		found[k.Value] = v
		switch k.Value {
		case keyPipeline, keyInput, keyDescription, keyError:
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "" {
				return nil, errAt(v, "%s is a string", k.Value)
			}
		case keyExpect:
			if v.Kind != yaml.ScalarNode || (v.Value != expectOK && v.Value != expectFailed) {
				return nil, errAt(v, "expect is ok or failed")
			}
			tc.Expect = v.Value
		case keyClock:
			t, err := time.Parse(time.RFC3339, v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				return nil, errAt(v, "clock is a date-time in RFC 3339, such as 2024-01-15T12:00:00Z")
			}
			tc.Clock = t
		case keyWarehouses:
			ws, err := readWarehouses(file, v)
			if err != nil {
				return nil, err
			}
			tc.Warehouses = ws
		case keySettings:
			if v.Kind != yaml.MappingNode {
				return nil, errAt(v, "settings is a map of settings deep-merged over the pipeline's")
			}
			l, err := engine.SettingsFromYAML(file, v)
			if err != nil {
				return nil, err
			}
			tc.Settings = append([]*engine.Settings{l}, tc.Settings...)
		case keySet:
			if v.Kind != yaml.SequenceNode {
				return nil, errAt(v, "set is a list of KEY=VALUE strings")
			}
			sets = v.Content
		case keySetup:
			steps, err := readSetup(dir, file, v)
			if err != nil {
				return nil, err
			}
			tc.Setup = steps
		default:
			return nil, errAt(k, "unknown key %q (want "+caseKeys+")", k.Value)
		}
	}
	for _, key := range []string{keyPipeline, keyInput} {
		if found[key] == nil {
			return nil, errAt(root, "missing key %q", key)
		}
	}
	if n := found[keyDescription]; n != nil {
		tc.Description = n.Value
	}
	switch n := found[keyError]; {
	case n != nil && tc.Expect != expectFailed:
		return nil, errAt(n, "error is the text a failing run's error contains: give it with expect: failed")
	case n != nil:
		tc.Error = n.Value
	case tc.Expect == expectFailed:
		return nil, errAt(found[keyExpect], "expect: failed needs error: the text the run's error contains, so that another failure does not pass")
	}
	tc.Pipeline = found[keyPipeline].Value
	if path := inDir(dir, tc.Pipeline); fileExists(path) {
		tc.Pipeline = path
	}
	tc.Input = inDir(dir, found[keyInput].Value)
	if !fileExists(tc.Input) {
		return nil, errAt(found[keyInput], "input %s: no such file", tc.Input)
	}
	if found[keySettings] == nil {
		// The case is the merchant's file: a setting it lacks is reported
		// here, not in the pipeline it runs.
		l, err := engine.SettingsFromYAML(file, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: root.Line, Column: root.Column})
		if err != nil {
			return nil, err
		}
		tc.Settings = append([]*engine.Settings{l}, tc.Settings...)
	}
	for _, s := range sets {
		if s.Kind != yaml.ScalarNode {
			return nil, errAt(s, "set is a list of KEY=VALUE strings")
		}
		l, err := engine.ParseSetting(s.Value, engine.Pos{File: file, Line: s.Line, Col: s.Column})
		if err != nil {
			return nil, err
		}
		tc.Settings = append(tc.Settings, l)
	}
	return tc, nil
}

// readWarehouses reads a case's warehouses: a list of maps with a name
// and optionally an address and a country, as 002 defines an account's
// warehouses. Its errors name the line and column.
func readWarehouses(file string, n *yaml.Node) ([]sim.Warehouse, error) {
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return &engine.Error{Pos: engine.Pos{File: file, Line: n.Line, Col: n.Column}, Code: engine.CodeBadValue, Err: fmt.Errorf(format, args...)}
	}
	const want = "warehouses is a list of {name, address, country}"
	if n.Kind != yaml.SequenceNode {
		return nil, errAt(n, want)
	}
	var ws []sim.Warehouse
	for _, item := range n.Content {
		var w sim.Warehouse
		if item.Kind != yaml.MappingNode {
			return nil, errAt(item, want)
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			field := map[string]*string{"name": &w.Name, "address": &w.Address, "country": &w.Country}[k.Value]
			switch {
			case field == nil:
				return nil, errAt(k, "unknown warehouse key %q (want name, address or country)", k.Value)
			case v.Kind != yaml.ScalarNode:
				return nil, errAt(v, "warehouse %s is a string", k.Value)
			}
			*field = v.Value
		}
		if w.Name == "" {
			return nil, errAt(item, "a warehouse needs a name")
		}
		ws = append(ws, w)
	}
	return ws, nil
}

// readSetup reads a case's setup list.
func readSetup(dir, file string, n *yaml.Node) ([]setupStep, error) {
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return &engine.Error{Pos: engine.Pos{File: file, Line: n.Line, Col: n.Column}, Code: engine.CodeBadValue, Err: fmt.Errorf(format, args...)}
	}
	const want = "setup is a list of `run: INPUT` and `sim: METHOD /sim/PATH [JSON]`"
	if n.Kind != yaml.SequenceNode {
		return nil, errAt(n, want)
	}
	var steps []setupStep
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode || len(item.Content) != 2 || item.Content[1].Kind != yaml.ScalarNode {
			return nil, errAt(item, want)
		}
		k, v := item.Content[0], item.Content[1]
		st := setupStep{Pos: engine.Pos{File: file, Line: v.Line, Col: v.Column}}
		switch k.Value {
		case keySetupRun:
			st.Run = inDir(dir, v.Value)
			if !fileExists(st.Run) {
				return nil, errAt(v, "input %s: no such file", st.Run)
			}
		case keySetupSim:
			fields := strings.SplitN(strings.TrimSpace(v.Value), " ", 3)
			if len(fields) < 2 || !strings.HasPrefix(fields[1], "/sim/") {
				return nil, errAt(v, "want METHOD /sim/PATH [JSON], such as POST /sim/shipments/1000002/deliver")
			}
			st.Method, st.Path = strings.ToUpper(fields[0]), fields[1]
			if len(fields) == 3 {
				st.Body = fields[2]
			}
		default:
			return nil, errAt(k, want)
		}
		steps = append(steps, st)
	}
	return steps, nil
}

// inDir returns path, relative to dir unless it is absolute.
func inDir(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// fileExists reports whether path is a file (not a directory).
func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadOption configures Load and LoadFile.
type LoadOption func(*loadConfig)

// Resolver finds the pipeline called name, referred to by `extends` or
// `use` in the file from, or the hook file name (a name ending in .js)
// that a `script` in from refers to. It returns the found file's name (as positions
// will print it) and its contents, or an error wrapping fs.ErrNotExist if it
// has none, in which case the next place is searched.
type Resolver func(from, name string) (file string, src []byte, err error)

type loadConfig struct {
	resolvers []Resolver
	dirs      []searchDir
	limits    Limits                              // WithLimits: over every pipeline's own
	parsed    func(src []byte) (*yaml.Node, bool) // WithParsed
}

type searchDir struct {
	prefix string
	fsys   fs.FS
}

// WithFS adds fsys to the places where `extends` and `use` names and hook
// files are looked up, after the referring pipeline's own directory:
// name.yaml (or .yml, or a hook's name.js) at the root of fsys. Files found
// there are called prefix/name.yaml in positions. The CLI passes the
// shipped pipelines this way.
func WithFS(prefix string, fsys fs.FS) LoadOption {
	return func(c *loadConfig) { c.dirs = append(c.dirs, searchDir{prefix, fsys}) }
}

// WithParsed gives the loader the YAML trees of sources it need not parse:
// trees returns a new tree of the document src, as yaml.v3 parses it, or
// false to have src parsed. The shipped pipelines are parsed when the
// binary is built (pipelines.Parsed), and the CLI passes their trees this
// way; everything else about loading them (the limits, the checks, the
// positions in errors) is unchanged.
func WithParsed(trees func(src []byte) (*yaml.Node, bool)) LoadOption {
	return func(c *loadConfig) { c.parsed = trees }
}

// WithResolver adds r before every other place where `extends` and `use`
// names are looked up.
func WithResolver(r Resolver) LoadOption {
	return func(c *loadConfig) { c.resolvers = append(c.resolvers, r) }
}

// WithLimits sets limits over those the pipeline's `limits` key sets (a
// field that is 0 leaves the pipeline's, or the default). It is the only
// way to set the limits of reading YAML (file_bytes, yaml_alias_nodes,
// yaml_depth), which apply to every file the load reads.
func WithLimits(l Limits) LoadOption {
	return func(c *loadConfig) { c.limits = c.limits.over(l) }
}

// Load parses the pipeline in src, whose file is called name, and resolves
// its `extends` and `use`: first next to name on disk, then in each WithFS
// place. It returns every error it finds as an ErrorList of *Error, each
// with a position. With errors, the Pipeline returned (if not nil) holds
// what could be read, so that a linter can also compile it to report more
// errors; never run it.
func Load(name string, src []byte, opts ...LoadOption) (p *Pipeline, err error) {
	l := &loader{cache: map[string]*Pipeline{}, fromFS: map[string]fileOrigin{}}
	for _, o := range opts {
		o(&l.cfg)
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, ErrorList{{Pos: Pos{name, 1, 1}, Code: CodeSyntax, Err: fmt.Errorf("yaml: %v", r)}}
		}
	}()
	l.markFromFS(name)
	p = l.load(name, src)
	if p != nil {
		p.Limits = p.Limits.over(l.cfg.limits)
		p.shipped = map[string]bool{}
		for f := range l.fromFS {
			p.shipped[f] = true
		}
	}
	if err := l.errs.err(); err != nil {
		return p, err
	}
	return p, nil
}

// markFromFS records name as a file of a WithFS place when it names one
// (prefix/file, as the CLI loads a shipped pipeline by its name), so that
// its extends and use resolve in that place, not in a directory of the
// same name on disk, and its steps count as shipped.
func (l *loader) markFromFS(name string) {
	for i, d := range l.cfg.dirs {
		if rest, ok := strings.CutPrefix(name, d.prefix+"/"); ok && fs.ValidPath(rest) {
			if _, err := fs.Stat(d.fsys, rest); err == nil {
				l.fromFS[name] = fileOrigin{i, rest}
				return
			}
		}
	}
}

// LoadFile reads the pipeline file at path and loads it like Load.
func LoadFile(path string, opts ...LoadOption) (*Pipeline, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Pos: Pos{File: path}, Code: CodeNotFound, Err: fmt.Errorf("read pipeline: %w", err)}
	}
	return Load(path, src, opts...)
}

type fileOrigin struct {
	dir  int // index into loadConfig.dirs
	path string
}

// loader loads a pipeline and everything it refers to.
type loader struct {
	cfg    loadConfig
	errs   ErrorList
	stack  []string
	cache  map[string]*Pipeline
	fromFS map[string]fileOrigin // files that came from an fs.FS
}

func (l *loader) load(file string, src []byte) *Pipeline {
	l.stack = append(l.stack, file)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	ps := &parser{file: file, lim: DefaultLimits().over(l.cfg.limits), parsed: l.cfg.parsed}
	p := ps.parse(src)
	l.errs = append(l.errs, ps.errs...)
	if p == nil {
		return nil
	}
	if p.Extends != "" {
		if base := l.ref(file, p.Extends, p.extendsPos); base != nil {
			p = extend(base, p)
		}
	}
	ps.errs = nil
	ps.assignIDs(p.Steps)
	l.errs = append(l.errs, ps.errs...)
	walkSteps(p.Steps, func(s *Step) {
		if s.Kind == KindUse && s.Sub == nil && s.Use != "" {
			s.Sub = l.ref(s.Pos.File, s.Use, s.usePos)
		}
	})
	l.scripts(p.Steps)
	return p
}

// ref loads the pipeline called name, referred to from file at pos.
func (l *loader) ref(from, name string, at Pos) *Pipeline {
	file, src, err := l.find(from, name)
	if err != nil {
		l.errs = append(l.errs, &Error{Pos: at, Code: CodeNotFound, Err: err})
		return nil
	}
	for i, f := range l.stack {
		if f == file {
			chain := append(append([]string(nil), l.stack[i:]...), file)
			l.errs = append(l.errs, &Error{Pos: at, Code: CodeCycle, Err: fmt.Errorf("cycle: %s", strings.Join(chain, " -> "))})
			return nil
		}
	}
	if p, ok := l.cache[file]; ok {
		return p
	}
	p := l.load(file, src)
	l.cache[file] = p
	return p
}

// find looks name up: resolvers, the directory of from, the WithFS places.
func (l *loader) find(from, name string) (string, []byte, error) {
	for _, r := range l.cfg.resolvers {
		file, src, err := r(from, name)
		if err == nil {
			return file, src, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", nil, fmt.Errorf("resolve %q: %w", name, err)
		}
	}
	cands := []string{name + ".yaml", name + ".yml"}
	if ext := path.Ext(name); ext == ".yaml" || ext == ".yml" || ext == ".js" {
		cands = []string{name}
	}
	for _, c := range cands {
		if o, ok := l.fromFS[from]; ok {
			if file, src, ok := l.read(o.dir, path.Join(path.Dir(o.path), c)); ok && file != from {
				return file, src, nil
			}
			continue
		}
		file := filepath.Join(filepath.Dir(from), filepath.FromSlash(c))
		if src, err := os.ReadFile(file); err == nil && filepath.Clean(file) != filepath.Clean(from) {
			return file, src, nil
		}
	}
	var known []string
	for i, d := range l.cfg.dirs {
		for _, c := range cands {
			if file, src, ok := l.read(i, c); ok && file != from {
				return file, src, nil
			}
		}
		matches, _ := fs.Glob(d.fsys, "*.y*ml")
		for _, m := range matches {
			known = append(known, strings.TrimSuffix(strings.TrimSuffix(m, ".yaml"), ".yml"))
		}
	}
	if path.Ext(name) == ".js" {
		return "", nil, hookFile(name)
	}
	return "", nil, fmt.Errorf("pipeline `%s` not found%s", name, didYouMean(name, sorted(known)))
}

// read reads p from the i-th WithFS place and records where the file came
// from, so that its own references are looked up next to it.
func (l *loader) read(i int, p string) (string, []byte, bool) {
	if !fs.ValidPath(p) {
		return "", nil, false
	}
	src, err := fs.ReadFile(l.cfg.dirs[i].fsys, p)
	if err != nil {
		return "", nil, false
	}
	file := path.Join(l.cfg.dirs[i].prefix, p)
	l.fromFS[file] = fileOrigin{i, p}
	return file, src, true
}

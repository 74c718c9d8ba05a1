// Package yamltree writes YAML document trees (yaml.Node) in a compact
// binary form and reads them back, so that YAML a binary embeds can be
// parsed when the binary is built rather than by every process that
// loads it (see package pipelines).
package yamltree

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// version starts every encoding; Decode refuses any other.
const version = 1

// File is one YAML file: its source and the document yaml.v3 parsed it to.
type File struct {
	Src  []byte
	Tree *yaml.Node
}

// Encode writes the trees of files, each under the SHA-256 of its source.
func Encode(files []File) ([]byte, error) {
	b := binary.AppendUvarint(nil, version)
	b = binary.AppendUvarint(b, uint64(len(files)))
	for _, f := range files {
		sum := sha256.Sum256(f.Src)
		b = append(b, sum[:]...)
		e := &encoder{index: map[*yaml.Node]int{}}
		e.node(f.Tree)
		b = binary.AppendUvarint(b, uint64(len(e.buf)))
		b = binary.AppendUvarint(b, uint64(e.n))
		b = append(b, e.buf...)
		if e.err != nil {
			return nil, e.err
		}
	}
	return b, nil
}

type encoder struct {
	buf   []byte
	n     int                // nodes written
	index map[*yaml.Node]int // where each node was written, for aliases
	err   error
}

func (e *encoder) str(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *encoder) node(n *yaml.Node) {
	e.index[n] = e.n
	e.n++
	e.buf = binary.AppendUvarint(e.buf, uint64(n.Kind))
	e.buf = binary.AppendUvarint(e.buf, uint64(n.Style))
	for _, s := range []string{n.Tag, n.Value, n.Anchor, n.HeadComment, n.LineComment, n.FootComment} {
		e.str(s)
	}
	e.buf = binary.AppendUvarint(e.buf, uint64(n.Line))
	e.buf = binary.AppendUvarint(e.buf, uint64(n.Column))
	alias := -1
	if n.Alias != nil {
		i, ok := e.index[n.Alias]
		if !ok {
			e.err = fmt.Errorf("yamltree: line %d: an alias to a node not written before it", n.Line)
		}
		alias = i
	}
	e.buf = binary.AppendVarint(e.buf, int64(alias))
	e.buf = binary.AppendUvarint(e.buf, uint64(len(n.Content)))
	for _, c := range n.Content {
		e.node(c)
	}
}

// Trees are the trees of an encoding, looked up by source.
type Trees struct {
	entries map[[sha256.Size]byte]entry
}

type entry struct {
	nodes int
	data  string // the encoded tree; strings of the decoded nodes share its memory
}

// Read reads an encoding made by Encode.
func Read(b []byte) (*Trees, error) {
	d := &decoder{data: string(b)}
	if d.uint() != version {
		return nil, errors.New("yamltree: not an encoding of this version")
	}
	t := &Trees{entries: map[[sha256.Size]byte]entry{}}
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		var sum [sha256.Size]byte
		if len(d.data)-d.at < len(sum) {
			return nil, errors.New("yamltree: truncated")
		}
		copy(sum[:], d.data[d.at:])
		d.at += len(sum)
		size, nodes := d.uint(), d.uint()
		if d.err != nil || uint64(len(d.data)-d.at) < size {
			return nil, errors.New("yamltree: truncated")
		}
		t.entries[sum] = entry{nodes: int(nodes), data: d.data[d.at : d.at+int(size)]}
		d.at += int(size)
	}
	if d.err != nil {
		return nil, d.err
	}
	return t, nil
}

// Tree returns a new copy of the tree of src, if the encoding holds one.
func (t *Trees) Tree(src []byte) (*yaml.Node, bool) {
	if t == nil {
		return nil, false
	}
	e, ok := t.entries[sha256.Sum256(src)]
	if !ok {
		return nil, false
	}
	return decode(e.data, e.nodes)
}

// decode reads the tree of nodes nodes that data encodes.
func decode(data string, nodes int) (*yaml.Node, bool) {
	if nodes < 1 || nodes > len(data) {
		return nil, false // a node takes more than a byte
	}
	d := &decoder{data: data, nodes: make([]yaml.Node, nodes), kids: make([]*yaml.Node, nodes-1)}
	n := d.node()
	if d.err != nil || d.at != len(d.data) || d.next != nodes {
		return nil, false
	}
	return n, true
}

type decoder struct {
	data  string
	at    int
	nodes []yaml.Node  // every node, in the order written
	next  int          // the next of nodes to fill
	kids  []*yaml.Node // the Content of every node, one after the other
	err   error
}

// uint reads an unsigned varint, as binary.AppendUvarint wrote it.
func (d *decoder) uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64 && d.at < len(d.data); shift += 7 {
		c := d.data[d.at]
		d.at++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.err = errors.New("yamltree: bad number")
	return 0
}

// int reads a signed varint, as binary.AppendVarint wrote it.
func (d *decoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) str() string {
	n := d.uint()
	if d.err != nil || uint64(len(d.data)-d.at) < n {
		d.err = errors.New("yamltree: truncated")
		return ""
	}
	s := d.data[d.at : d.at+int(n)]
	d.at += int(n)
	return s
}

func (d *decoder) node() *yaml.Node {
	if d.err != nil || d.next >= len(d.nodes) {
		d.err = errors.New("yamltree: more nodes than written")
		return nil
	}
	n := &d.nodes[d.next]
	d.next++
	n.Kind, n.Style = yaml.Kind(d.uint()), yaml.Style(d.uint())
	n.Tag, n.Value, n.Anchor = d.str(), d.str(), d.str()
	n.HeadComment, n.LineComment, n.FootComment = d.str(), d.str(), d.str()
	n.Line, n.Column = int(d.uint()), int(d.uint())
	if a := d.int(); a >= 0 {
		if a >= int64(d.next-1) {
			d.err = errors.New("yamltree: an alias to a later node")
			return nil
		}
		n.Alias = &d.nodes[a]
	}
	if c := d.uint(); c > 0 && d.err == nil {
		if c > uint64(len(d.kids)) {
			d.err = errors.New("yamltree: more nodes than written")
			return nil
		}
		n.Content, d.kids = d.kids[:c:c], d.kids[c:]
		for i := range n.Content {
			if n.Content[i] = d.node(); d.err != nil {
				return nil
			}
		}
	}
	return n
}

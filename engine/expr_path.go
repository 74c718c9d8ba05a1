package engine

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	exprparser "github.com/expr-lang/expr/parser"
)

// pathTree returns the syntax tree expr's parser makes of src when src
// is only a name and named fields of it (input.order.order_id), without
// running the parser: a shop's expressions are mostly such paths, and
// lint parses hundreds. Anything else (spaces, brackets, ?., a word the
// lexer reads as an operator or a literal, a path longer than
// pathMaxBytes) gives false, and the parser reads it. TestPathTree
// compares both on every such expression of the shipped pipelines, and
// FuzzPathTree on arbitrary text.
func pathTree(src string) (*exprparser.Tree, bool) {
	if len(src) > pathMaxBytes {
		return nil, false
	}
	var node ast.Node
	start := 0
	for i := 0; i <= len(src); i++ {
		if i < len(src) && src[i] != '.' {
			c := src[i]
			letter := c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
			if !letter && (i == start || c < '0' || c > '9') {
				return nil, false
			}
			continue
		}
		name := src[start:i]
		if name == "" || pathWord[name] {
			return nil, false
		}
		loc := file.Location{From: start, To: i}
		if node == nil {
			node = &ast.IdentifierNode{Value: name}
		} else {
			prop := &ast.StringNode{Value: name}
			prop.SetLocation(loc)
			node = &ast.MemberNode{Node: node, Property: prop}
		}
		node.SetLocation(loc)
		start = i + 1
	}
	if _, ok := node.(*ast.MemberNode); !ok {
		return nil, false
	}
	return &exprparser.Tree{Node: node, Source: file.NewSource(src)}, true
}

// pathMaxBytes is the longest path pathTree takes: far fewer nodes than
// the parser's limit (conf.DefaultMaxNodes), which a longer one could
// reach, so that the parser's error stays the parser's.
const pathMaxBytes = 256

// pathWord are the names expr's lexer or parser reads as something
// other than a name: literals, operators and keywords.
var pathWord = map[string]bool{
	"true": true, "false": true, "nil": true, "not": true, "and": true, "or": true,
	"in": true, "matches": true, "contains": true, "startsWith": true, "endsWith": true,
	"let": true, "if": true, "else": true,
}

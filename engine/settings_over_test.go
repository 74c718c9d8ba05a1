package engine

import (
	"maps"
	"slices"
	"testing"
)

// TestSettingPositionsOver checks that a layer's value that is not a
// mapping hides what the settings under it had, and a mapping does not.
func TestSettingPositionsOver(t *testing.T) {
	at := func(line int) settingPos { return settingPos{Key: Pos{File: "f", Line: line}} }
	base := settingPositions{"": {isMap: true}, "/a": {isMap: true}, "/a/b": at(2), "/a/b~1c": at(3), "/c": {isMap: true}, "/c/d": at(5), "/cd": at(6)}
	layer := settingPositions{"/a": at(10), "/c": {isMap: true}, "/c/e": at(11)}
	got := layer.over(base)
	want := []string{"", "/a", "/c", "/c/d", "/c/e", "/cd"}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, want) {
		t.Errorf("pointers %q, want %q", keys, want)
	}
	if got["/a"] != at(10) || got["/c/d"] != at(5) {
		t.Errorf("positions %v", got)
	}
	if len(base) != 7 {
		t.Errorf("base changed: %v", base)
	}
}

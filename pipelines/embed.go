package pipelines

import "embed"

// FS holds the files of this directory. The engine looks up only NAME.yaml
// (and NAME.yml) in it; the pattern takes every file so that the package
// builds while the directory has no pipelines yet.
//
//go:embed *
var FS embed.FS

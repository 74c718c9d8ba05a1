// Package pipelines holds the shipped pipelines: the documented workflows
// and the shared sub-pipelines they use, as YAML files next to this one.
// FS embeds them; the CLI hands it to the engine (engine.WithFS) so that a
// shop file can `extends` or `use` a shipped pipeline by name.
package pipelines

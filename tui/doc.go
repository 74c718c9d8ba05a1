// Package tui is the terminal debugger of `sevenflow debug`: a Bubble Tea
// program that steps through a pipeline run.
//
// On the left it shows the pipeline as a tree, each step with its status
// (pending, current, ok, skipped, failed) and a breakpoint marker; on the
// right the tabs Scope (input, settings, steps, vars and the foreach
// locals as a collapsible JSON tree, watches pinned on top), Step (the
// step's YAML source, its conditions and its evaluated `with`), Call (the
// request, the schema's findings, the response) and Log (the trace's
// events). The model keeps every pause, so that the user can go back and
// forth through the steps already run and see the state as it was then.
//
// The model drives the engine only through its stepping API, behind two
// small interfaces: Run (a *engine.Session, live or replayed) and
// Breakpoints (a *engine.Debugger). New makes the model from a Config;
// the command line wires it to a program and a target.
//
// The panes are not models of their own: each is drawn from the snapshot
// shown and the selected step, which they share, and keeps only where it
// is scrolled (a list). A snapshot is made once per pause and never
// changes, so going back shows exactly what was shown then.
package tui

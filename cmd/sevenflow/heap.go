package main

import (
	"os"
	"runtime/debug"
)

// roomyGCPercent is the GOGC of roomyHeap: the heap may grow to five
// times what the process keeps before the garbage collector runs.
const roomyGCPercent = 400

// roomyHeap trades memory for CPU in a command whose live heap stays
// small while it allocates a lot (lint; a run of many orders, whose
// memory is flat in the number of orders): the garbage collector runs a
// quarter as often as by default. A GOGC the user set wins.
func roomyHeap() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(roomyGCPercent)
	}
}

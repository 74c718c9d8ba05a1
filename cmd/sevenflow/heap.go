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

// flatHeap reports whether the heap of a batch through rn stays flat as
// its orders go by: what a run keeps of an order is summed up once it is
// written. Not so when the orders go to the in-process simulator, whose
// store keeps every one: that heap grows with the batch, and a roomy heap
// would be five times it.
func (rn *runner) flatHeap() bool {
	return rn.dryRun || !isSimTarget(rn.target)
}

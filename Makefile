# sevenflow: `make help` lists the targets.
GO       ?= go
BIN      ?= bin/sevenflow
# The version and revision come from the build info (-buildvcs); set
# VERSION to stamp a release name instead.
VERSION  ?=
LDFLAGS  := $(if $(VERSION),-X main.version=$(VERSION))
FUZZTIME ?= 30s
# BENCHFLAGS go to internal/benchcheck, e.g. BENCHFLAGS="-count 1 -orders 1000".
BENCHFLAGS ?=

.DEFAULT_GOAL := help

## build: compile bin/sevenflow
.PHONY: build
build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/sevenflow

## test: lint, every test with the race detector, then the golden cases with full branch coverage, then bench/peers (what CI runs)
.PHONY: test
test: lint
	$(GO) test -race -timeout 8m ./...
	$(GO) run ./cmd/sevenflow test --coverage --coverage-min 100 testdata shops
	$(MAKE) peers-check

## peers-check: bench/peers, the OPA comparison in its own module, is tidy, vets clean and agrees with sevenflow
.PHONY: peers-check
peers-check:
	cd bench/peers && $(GO) mod tidy -diff && $(GO) vet ./... && $(GO) test -count 1 ./...

## race: the tests with the race detector, without lint
.PHONY: race
race:
	$(GO) test -race -timeout 8m ./...

## lint: gofmt and go vet must be clean
.PHONY: lint
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## fmt: format every Go file in place
.PHONY: fmt
fmt:
	gofmt -w $$(git ls-files '*.go')

## golden: rewrite every golden file, test cases' included, from the current behaviour (review the diff!)
.PHONY: golden
golden:
	$(GO) test ./... -update

## cover: statement coverage of each package
.PHONY: cover
cover:
	$(GO) test -cover ./...

## test-batch: batches of 1,000 and 10,000 orders against `sevenflow sim` (calls as single runs, flat memory)
.PHONY: test-batch
test-batch:
	SEVENFLOW_TEST_BATCH=1 $(GO) test -run '^TestBatchMemory$$' -count=1 -timeout 2h -v ./cmd/sevenflow

## test-faults: a 1,000-order batch with --journal against `sevenflow sim --faults`, run again until every order is done once
.PHONY: test-faults
test-faults:
	SEVENFLOW_TEST_FAULTS=1 $(GO) test -run '^TestBatchUnderFaults$$' -count=1 -timeout 1h -v ./cmd/sevenflow

## test-crash: 20 rounds of a 1,000-order batch killed with SIGKILL and run again with its journal
.PHONY: test-crash
test-crash:
	SEVENFLOW_CRASH_ROUNDS=20 $(GO) test -run '^TestCrashRerun$$' -count=1 -timeout 6h -v ./cmd/sevenflow

## fuzz: run each fuzz target for FUZZTIME (default 30s)
.PHONY: fuzz
fuzz:
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzExpr$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzFastExpr$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzPathTree$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzHook$$' -fuzztime $(FUZZTIME)
	$(GO) test ./schemas -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime $(FUZZTIME)
	$(GO) test ./cmd/sevenflow -run '^$$' -fuzz '^FuzzReadOrders$$' -fuzztime $(FUZZTIME)
	$(GO) test ./schemas -run '^$$' -fuzz '^FuzzValidateJSON$$' -fuzztime $(FUZZTIME)
	$(GO) test ./sevensenders -run '^$$' -fuzz '^FuzzResponse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./journal -run '^$$' -fuzz '^FuzzOpenTorn$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/yamltree -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)

## bench: run the benchmarks (-count 6), print their medians and check the budgets of docs/performance.md
.PHONY: bench
bench:
	$(GO) run ./internal/benchcheck $(BENCHFLAGS)

## demo: run the example shop on a Swiss order against the built-in simulator
.PHONY: demo
demo: build
	$(BIN) run shops/example.yaml --input testdata/orders/ch-basel.json

## help: list the targets
.PHONY: help
help:
	@grep -hE '^## ' $(MAKEFILE_LIST) | sed -e 's/^## //' | awk -F': ' '{printf "  %-12s %s\n", $$1, $$2}'

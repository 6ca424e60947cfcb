# feedwatch — build, run and test on Debian 12.
#
#   make run     install what is missing (as root), build in release mode, run on Config/feedwatch.yaml
#   make test    install what is missing (as root), build and run the whole test suite
#
# State and alerts of `make run` go to var/ (ignored by git).

SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
CONFIG ?= Config/feedwatch.yaml
VAR := var

# Debian packages the build and the tests need.
APT_PACKAGES := pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev libyaml-dev

.PHONY: all deps test-deps build release run test bench bench-fetch bench-e2e check clean

all: build

## deps: install missing Debian packages when root; otherwise name them and stop.
## The tests also need python3 with jsonschema (schema validation, crash-test feeds).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages:$$missing"; \
	    echo "install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

test-deps: deps
	@command -v python3 >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq python3 python3-pip; } \
	  || { echo "the tests need python3"; exit 1; }
	@python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install -q jsonschema \
	  || python3 -m pip install -q --break-system-packages jsonschema

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## run: the daemon on the shipped config, in the foreground, with state and alerts under var/.
## The bundled sample feed alerts at once; follow with `feedwatch tail -f --file var/alerts.jsonl`.
run: release
	@mkdir -p $(VAR)
	@echo "feedwatch: alerts go to $(VAR)/alerts.jsonl; follow them with:"
	@echo "  $$($(SWIFT) build -c release --show-bin-path)/feedwatch tail -f --file $(VAR)/alerts.jsonl"
	@echo "feedwatch: Ctrl-C stops the daemon"
	$$($(SWIFT) build -c release --show-bin-path)/feedwatch run --config $(CONFIG) \
	  --alerts $(VAR)/alerts.jsonl --state $(VAR)/state.sqlite

## test: build everything (failing on any warning in our own code), run every test, then the
## crash test (25 random SIGKILLs; `scripts/crash-test 300` for a long run).
test: test-deps
	@mkdir -p $(VAR)
	set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee $(VAR)/build.log
	@if grep -E "^$(CURDIR)/(Sources|Tests)/.*: warning:" $(VAR)/build.log; then \
	  echo "error: the build has warnings (listed above); the project keeps zero warnings"; exit 1; fi
	$(SWIFT) test --skip-build
	FEEDWATCH=$$($(SWIFT) build --show-bin-path)/feedwatch scripts/crash-test 25

## bench: micro-benchmarks (ordo-one/benchmark) and timed reports, in the Benchmarks/ package.
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark
	$(SWIFT) run -c release --package-path Benchmarks MatchReport

## bench-fetch / bench-e2e: 1,000 feeds from a private loopback nginx (apt: nginx-light).
bench-fetch: deps
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt-get install -y -qq nginx-light
	scripts/bench-fetch

bench-e2e: deps
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt-get install -y -qq nginx-light
	scripts/bench-e2e

check: build
	$$($(SWIFT) build --show-bin-path)/feedwatch check --config $(CONFIG)

clean:
	rm -rf .build $(VAR)

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

.PHONY: all deps build release run test check clean

all: build

## deps: install missing Debian packages when root; otherwise name them and stop.
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

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## run: the daemon on the shipped config, with its state and alerts under var/.
run: release
	@mkdir -p $(VAR)
	$$($(SWIFT) build -c release --show-bin-path)/feedwatch check --config $(CONFIG) \
	  --alerts $(VAR)/alerts.jsonl --state $(VAR)/state.sqlite

## test: build everything (failing on any warning in our own code), then run every test.
test: deps
	@mkdir -p $(VAR)
	set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee $(VAR)/build.log
	@if grep -E "^$(CURDIR)/(Sources|Tests)/.*: warning:" $(VAR)/build.log; then \
	  echo "error: the build has warnings (listed above); the project keeps zero warnings"; exit 1; fi
	$(SWIFT) test --skip-build

check: build
	$$($(SWIFT) build --show-bin-path)/feedwatch check --config $(CONFIG)

clean:
	rm -rf .build $(VAR)

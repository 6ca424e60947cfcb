# feedwatch — build, run and test on Debian 12.
#
#   make run     install what is missing (as root), build in release mode, run the daemon on Config/feedwatch.yaml
#   make test    install what is missing (as root), build and run the whole test suite and the crash test
#
# Also: make install / uninstall (systemd service, docs/service.md), check-unit, test-systemd,
# deb (the Debian package, docs/packaging.md), static, bench, bench-fetch, bench-e2e, fuzz (see
# each target's comment).
#
# State and alerts of `make run` go to var/ (ignored by git).

SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
CONFIG ?= Config/feedwatch.yaml
VAR := var
# promtool for the metrics tests when Debian's prometheus package is not installed (test-deps).
PROMTOOL := .build-tools/prometheus/usr/bin/promtool

# Debian packages the build and the tests need.
APT_PACKAGES := pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev libyaml-dev zlib1g-dev libpq-dev
# The man page and completion tests render pages with man and load completions with bash-completion;
# the state tests start their own PostgreSQL servers from Debian's binaries.
TEST_PACKAGES := man-db bash-completion postgresql

# The release version. Sources/FeedwatchConfig/Version.swift is the one place it is written
# (`feedwatch --version`, the User-Agent); the Debian package's version is read from there too.
VERSION := $(shell sed -n 's/^ *public static let current = "\([^"]*\)".*/\1/p' Sources/FeedwatchConfig/Version.swift)

.PHONY: all deps test-deps build release static run test bench bench-fetch bench-e2e fuzz check clean

all: build

## need_packages: install the named Debian packages when missing (as root); otherwise name them
## and stop. Used by deps and by the service checks (systemd, systemd-container, logrotate).
define need_packages
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; apt-get update -qq \
	    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "missing Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi
endef

## deps: the Debian packages the build needs.
## The tests also need python3 with jsonschema (schema validation, crash-test feeds) and
## prometheus_client, promtool from Debian's prometheus package (the metrics tests), and the
## PostgreSQL server binaries (each test run starts its own throwaway server, see
## Tests/TestSupport/PostgresServer.swift; the system cluster is never used).
deps:
	$(call need_packages,$(APT_PACKAGES))

test-deps: deps
	$(call need_packages,$(TEST_PACKAGES))
	@command -v python3 >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq python3 python3-pip; } \
	  || { echo "the tests need python3"; exit 1; }
	@python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install -q jsonschema \
	  || python3 -m pip install -q --break-system-packages jsonschema
	@# The metrics tests: promtool (check metrics, check/test rules) and prometheus_client's parser.
	@# promtool comes from Debian's prometheus package, unpacked under .build-tools rather than
	@# installed: installing it would also enable a Prometheus server on a systemd host.
	@command -v promtool >/dev/null || [ -x $(PROMTOOL) ] || { echo "unpacking promtool into .build-tools"; \
	  mkdir -p .build-tools && cd .build-tools && rm -f prometheus_*.deb \
	  && { apt-get download prometheus 2>/dev/null || { apt-get update -qq && apt-get download prometheus; }; } \
	  && dpkg-deb -x prometheus_*.deb prometheus && rm -f prometheus_*.deb; }
	@python3 -c "import prometheus_client" 2>/dev/null || python3 -m pip install -q prometheus_client \
	  || python3 -m pip install -q --break-system-packages prometheus_client

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## static: the release binary with the Swift runtime linked in (--static-swift-stdlib), in
## .build-static: it runs where no Swift toolchain is installed. The Debian package ships it and
## the systemd tests run it (scripts/systemd-e2e calls this target), so CI builds it once.
## `-z now` (with the default relro) makes the few dynamic relocations read-only after start-up,
## as Debian's hardening flags do for C programs.
static: deps
	nice $(SWIFT) build -c release --static-swift-stdlib -Xlinker -z -Xlinker now --scratch-path .build-static --product feedwatch

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
## crash test (25 random SIGKILLs; `scripts/crash-test 300` for a long run) and the cluster kill
## test (8 faults on three nodes; `scripts/cluster-test 100` for a long run).
test: test-deps
	@mkdir -p $(VAR)
	set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee $(VAR)/build.log
	@if grep -E "^$(CURDIR)/(Sources|Tests)/.*: warning:" $(VAR)/build.log; then \
	  echo "error: the build has warnings (listed above); the project keeps zero warnings"; exit 1; fi
	$(SWIFT) test --skip-build
	FEEDWATCH=$$($(SWIFT) build --show-bin-path)/feedwatch scripts/crash-test 25
	FEEDWATCH=$$($(SWIFT) build --show-bin-path)/feedwatch scripts/cluster-test 8

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

## fuzz: libFuzzer over the parser and HTML-to-text for FUZZ_SECONDS (default 600), seeded from the
## test fixtures; crashes land in fuzz-corpus/crashes/ (replay: .build/debug/FeedParseFuzz FILE...).
FUZZ_SECONDS ?= 600
fuzz: deps
	$(SWIFT) build --product FeedParseFuzz -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
	mkdir -p fuzz-corpus/seed fuzz-corpus/run fuzz-corpus/crashes
	find Tests/FeedParseTests/Fixtures -type f -size -200k -exec cp {} fuzz-corpus/seed/ \;
	SWIFT_BACKTRACE=enable=no nice -n 19 .build-fuzz/debug/FeedParseFuzz fuzz-corpus/run fuzz-corpus/seed \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=25 -rss_limit_mb=2048 \
	  -artifact_prefix=fuzz-corpus/crashes/ -print_final_stats=1

check: build
	$$($(SWIFT) build --show-bin-path)/feedwatch check --config $(CONFIG)

clean:
	rm -rf .build $(VAR)

# ---- The systemd service (docs/service.md) -------------------------------------------------
#
#   make install       release build; binary, unit, sysusers, tmpfiles and logrotate files, man
#                      pages and bash/zsh/fish completions (generated from the binary's argument
#                      parser); /etc/feedwatch with the default config and watchlist only where
#                      absent (never overwritten)
#   make uninstall     removes what install added; keeps /etc/feedwatch, state, logs and the user
#   make check-unit    systemd-analyze verify (no warnings allowed) and security exposure <= 1.5
#   make test-systemd  boots systemd in a container and runs the service end to end, from
#                      `make install` (scripts/systemd-e2e) and from the Debian package (test-deb)
#
# DESTDIR=/some/root stages everything under that folder (no user creation, no systemctl);
# FEEDWATCH_BIN=path installs that binary instead of building one. debian/rules stages the
# Debian package with DESTDIR, PREFIX=/usr and Debian's folders.

DESTDIR ?=
PREFIX ?= /usr/local
UNIT_DIR ?= $(PREFIX)/lib/systemd/system
SYSUSERS_DIR ?= $(PREFIX)/lib/sysusers.d
TMPFILES_DIR ?= $(PREFIX)/lib/tmpfiles.d
LOGROTATE_DIR ?= /etc/logrotate.d
ETC_DIR ?= /etc/feedwatch
MAN_DIR ?= $(PREFIX)/share/man/man1
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d
FEEDWATCH_BIN ?=

.PHONY: install uninstall check-unit test-systemd test-deb

install:
	@set -eo pipefail; bin="$(FEEDWATCH_BIN)"; \
	if [ -z "$$bin" ]; then $(MAKE) --no-print-directory release; bin="$$($(SWIFT) build -c release --show-bin-path)/feedwatch"; fi; \
	root="$(DESTDIR)"; \
	install -D -m 0755 "$$bin" "$$root$(PREFIX)/bin/feedwatch"; \
	sed "s#/usr/local/bin/feedwatch#$(PREFIX)/bin/feedwatch#; s#/etc/feedwatch/#$(ETC_DIR)/#" systemd/feedwatch.service \
	  | install -D -m 0644 /dev/stdin "$$root$(UNIT_DIR)/feedwatch.service"; \
	install -D -m 0644 systemd/feedwatch.sysusers "$$root$(SYSUSERS_DIR)/feedwatch.conf"; \
	install -D -m 0644 systemd/feedwatch.tmpfiles "$$root$(TMPFILES_DIR)/feedwatch.conf"; \
	install -D -m 0644 systemd/feedwatch.logrotate "$$root$(LOGROTATE_DIR)/feedwatch"; \
	echo "installed $(PREFIX)/bin/feedwatch, $(UNIT_DIR)/feedwatch.service, $(SYSUSERS_DIR)/feedwatch.conf, $(TMPFILES_DIR)/feedwatch.conf, $(LOGROTATE_DIR)/feedwatch"; \
	man=$$(mktemp -d); scripts/manpages "$$bin" "$$man" > /dev/null; \
	install -d "$$root$(MAN_DIR)"; install -m 0644 "$$man"/*.1 "$$root$(MAN_DIR)/"; rm -r "$$man"; \
	"$$bin" --generate-completion-script bash | sed '1{/^#!/d}' | install -D -m 0644 /dev/stdin "$$root$(BASH_COMPLETION_DIR)/feedwatch"; \
	"$$bin" --generate-completion-script zsh | install -D -m 0644 /dev/stdin "$$root$(ZSH_COMPLETION_DIR)/_feedwatch"; \
	"$$bin" --generate-completion-script fish | install -D -m 0644 /dev/stdin "$$root$(FISH_COMPLETION_DIR)/feedwatch.fish"; \
	echo "installed $(MAN_DIR)/feedwatch.1 and feedwatch-COMMAND.1, bash, zsh and fish completions"; \
	etc="$$root$(ETC_DIR)"; install -d -m 0755 "$$etc" "$$etc/samples"; \
	for sample in Config/samples/*; do \
	  [ -e "$$etc/samples/$${sample##*/}" ] || install -m 0644 "$$sample" "$$etc/samples/"; \
	done; \
	if [ -e "$$etc/watchlist.yaml" ]; then echo "kept $(ETC_DIR)/watchlist.yaml (exists)"; \
	else install -m 0644 Config/watchlist.yaml "$$etc/watchlist.yaml"; echo "installed $(ETC_DIR)/watchlist.yaml"; fi; \
	if [ -e "$$etc/feedwatch.yaml" ]; then echo "kept $(ETC_DIR)/feedwatch.yaml (exists)"; \
	else \
	  { echo "# The service's config: the repository's Config/feedwatch.yaml with absolute paths (make install)."; \
	    sed -e 's#--config Config/feedwatch.yaml#--config $(ETC_DIR)/feedwatch.yaml#' \
	        -e 's#^watchlist: watchlist.yaml#watchlist: $(ETC_DIR)/watchlist.yaml#' \
	        -e 's#^\# alerts: /var/log/feedwatch/#alerts: /var/log/feedwatch/#' \
	        -e 's#^\# state: /var/lib/feedwatch/#state: /var/lib/feedwatch/#' \
	        -e 's#^\(  - path: \)samples/#\1$(ETC_DIR)/samples/#' Config/feedwatch.yaml; } > "$$etc/feedwatch.yaml.new"; \
	  for key in watchlist alerts state; do grep -q "^$$key: /" "$$etc/feedwatch.yaml.new" \
	    || { echo "install: Config/feedwatch.yaml changed shape: no absolute '$$key:' after rewriting" >&2; rm -f "$$etc/feedwatch.yaml.new"; exit 1; }; done; \
	  if grep -q "^ *- path: [^/]" "$$etc/feedwatch.yaml.new"; then \
	    echo "install: Config/feedwatch.yaml has a relative 'path:' feed the service config cannot use" >&2; rm -f "$$etc/feedwatch.yaml.new"; exit 1; fi; \
	  chmod 0644 "$$etc/feedwatch.yaml.new"; mv "$$etc/feedwatch.yaml.new" "$$etc/feedwatch.yaml"; \
	  echo "installed $(ETC_DIR)/feedwatch.yaml"; \
	fi; \
	if [ -n "$$root" ]; then echo "staged under $$root: create the user with systemd-sysusers there"; exit 0; fi; \
	if command -v systemd-sysusers >/dev/null; then systemd-sysusers "$(SYSUSERS_DIR)/feedwatch.conf"; \
	  systemd-tmpfiles --create "$(TMPFILES_DIR)/feedwatch.conf"; \
	else echo "no systemd-sysusers: create user and group feedwatch by hand"; fi; \
	"$(PREFIX)/bin/feedwatch" check --config "$(ETC_DIR)/feedwatch.yaml" \
	  || echo "warning: fix $(ETC_DIR)/feedwatch.yaml (problems above) before starting the service"; \
	if [ -d /run/systemd/system ]; then systemctl daemon-reload; \
	  echo "start with: systemctl enable --now feedwatch; follow with: journalctl -u feedwatch -f"; \
	else echo "systemd is not running here: the unit takes effect on a systemd host"; fi

uninstall:
	@set -e; root="$(DESTDIR)"; \
	if [ -z "$$root" ] && [ -d /run/systemd/system ]; then systemctl disable --now feedwatch.service 2>/dev/null || true; fi; \
	for file in "$$root$(PREFIX)/bin/feedwatch" "$$root$(UNIT_DIR)/feedwatch.service" "$$root$(SYSUSERS_DIR)/feedwatch.conf" \
	            "$$root$(TMPFILES_DIR)/feedwatch.conf" "$$root$(LOGROTATE_DIR)/feedwatch" "$$root$(BASH_COMPLETION_DIR)/feedwatch" \
	            "$$root$(ZSH_COMPLETION_DIR)/_feedwatch" "$$root$(FISH_COMPLETION_DIR)/feedwatch.fish" \
	            "$$root$(MAN_DIR)/feedwatch.1" "$$root$(MAN_DIR)"/feedwatch-*.1; do \
	  if [ -e "$$file" ]; then rm -f "$$file"; echo "removed $${file#"$$root"}"; fi; \
	done; \
	if [ -z "$$root" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	echo "kept $(ETC_DIR) (config, watchlist), /var/lib/feedwatch (state), /var/log/feedwatch (alerts)"; \
	echo "and user feedwatch; to remove them too: rm -r $(ETC_DIR) /var/lib/feedwatch /var/log/feedwatch; userdel feedwatch"


# ---- The Debian package (docs/packaging.md) ------------------------------------------------
#
#   make deb   $(DEB_DIR)/feedwatch_<version>-<revision>_<arch>.deb, built by dpkg-buildpackage
#              with debhelper from debian/ (which runs `make static` and `make install DESTDIR=`),
#              then checked by lintian: any error or warning fails
#
# The version is Version.swift's (`feedwatch --version`); DEB_REVISION numbers rebuilds of one
# version (the systemd test upgrades to revision 2). DEB_DIR (default .build-deb) moves the output.

DEB_REVISION ?= 1
DEB_DIR ?= .build-deb
DEB_VERSION = $(VERSION)-$(DEB_REVISION)
DEB_ARCH = $(shell dpkg --print-architecture)
DEB_NAME = feedwatch_$(DEB_VERSION)_$(DEB_ARCH)
DEB_PACKAGES := debhelper dpkg-dev fakeroot lintian python3

.PHONY: deb
deb: deps
	$(call need_packages,$(DEB_PACKAGES))
	@test -n "$(VERSION)" || { echo "deb: no version found in Sources/FeedwatchConfig/Version.swift" >&2; exit 1; }
	@mkdir -p $(DEB_DIR)
	@# debian/changelog is written here, from the one version; its date (the last commit's, so a
	@# rebuild of one commit is identical) becomes SOURCE_DATE_EPOCH for the whole build.
	@{ echo "feedwatch ($(DEB_VERSION)) unstable; urgency=medium"; echo; \
	   echo "  * feedwatch $(VERSION), packaged by make deb (revision $(DEB_REVISION))."; echo; \
	   echo " -- $$(sed -n 's/^Maintainer: //p' debian/control)  $$(LC_ALL=C date -R -u -d @$$(git log -1 --format=%ct 2>/dev/null || date +%s))"; \
	 } > debian/changelog
	SWIFT=$(SWIFT) FEEDWATCH_DEB_DIR=$(abspath $(DEB_DIR)) dpkg-buildpackage -b --no-sign \
	  --buildinfo-file=$(DEB_DIR)/$(DEB_NAME).buildinfo --buildinfo-option=-u$(DEB_DIR) \
	  --changes-file=$(DEB_DIR)/$(DEB_NAME).changes --changes-option=-u$(DEB_DIR)
	lintian --fail-on error,warning $(DEB_DIR)/$(DEB_NAME).deb
	@echo "built $(DEB_DIR)/$(DEB_NAME).deb"

check-unit:
	$(call need_packages,systemd)
	scripts/check-unit systemd/feedwatch.service

## FEEDWATCH_STATIC=path tests a binary built with --static-swift-stdlib instead of building one.
test-systemd: deps
	$(call need_packages,systemd systemd-container logrotate make python3 jq)
	scripts/systemd-e2e
	$(MAKE) --no-print-directory test-deb

## test-deb: builds the package twice (revisions 1 and 2 of this version) and runs
## scripts/deb-e2e: apt install, upgrade, remove and purge in a container without Swift.
test-deb: deps
	$(call need_packages,systemd systemd-container logrotate python3 jq man-db bash-completion)
	$(MAKE) --no-print-directory deb DEB_REVISION=1 DEB_DIR=.build-deb
	$(MAKE) --no-print-directory deb DEB_REVISION=2 DEB_DIR=.build-deb/upgrade
	scripts/deb-e2e .build-deb/feedwatch_$(VERSION)-1_$(DEB_ARCH).deb .build-deb/upgrade/feedwatch_$(VERSION)-2_$(DEB_ARCH).deb

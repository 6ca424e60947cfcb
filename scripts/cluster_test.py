"""Feeds, server and verifier for scripts/cluster-test: the crash test's growing feeds
(crash_test_feeds.py), more of them, a server that logs every request's time, and a verifier
over the union of the nodes' alert logs that also reports double fetches and failover times.
"""
import glob
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crash_test_feeds as feeds  # noqa: E402

feeds.FEEDS = 300


class Handler(feeds.Handler):
    """The crash test's handler, appending "time path" for each request to requests.log."""
    log_path = "requests.log"

    def do_GET(self):
        with open(self.log_path, "a") as log:
            log.write(f"{time.time():.3f} {os.path.basename(self.path)}\n")
        super().do_GET()


def serve(work):
    Handler.log_path = os.path.join(work, "requests.log")
    feeds.serve(work, Handler)


def config(work, port, database, lease, interval):
    with open(os.path.join(work, "feedwatch.yaml"), "w") as f:
        f.write(f"watchlist: watchlist.yaml\nstate: {database}\ninterval: {interval}\n"
                f"cluster:\n  lease: {lease}\nfeeds:\n")
        for index in range(feeds.FEEDS):
            f.write(f"  - http://127.0.0.1:{port}/f{index}.xml\n")


def requests(work):
    times = {}
    with open(os.path.join(work, "requests.log")) as log:
        for line in log:
            stamp, path = line.split()
            times.setdefault(path.removesuffix(".xml"), []).append(float(stamp))
    return times


def verify(work, interval, final):
    """Exit 0 when every expected pair is in exactly one line of the union of the logs."""
    paths = sorted(glob.glob(os.path.join(work, "alerts-*.jsonl")))
    expected, seen, torn, lines, lost, duplicated, unexpected = feeds.tally(work, paths)
    per_node = {os.path.basename(path).removeprefix("alerts-").removesuffix(".jsonl"): count
                for path, count in lines.items()}
    ok = lost == duplicated == unexpected == torn == 0
    if not final:
        sys.exit(0 if ok else 1)
    print(f"cluster-test: {len(expected)} expected pairs, {len(seen)} alerted, {lost} lost, {duplicated} duplicated, "
          f"{unexpected} unexpected, {torn} unreadable lines; lines per node: "
          + ", ".join(f"{node} {count}" for node, count in sorted(per_node.items())))
    # Fetches of one feed closer together than half its interval: two nodes fetched it in one
    # interval, which may happen only when a lease expired under a stopped or killed node.
    times = requests(work)
    doubled = sum(1 for stamps in times.values() for a, b in zip(stamps, stamps[1:]) if b - a < interval / 2)
    total = sum(len(stamps) for stamps in times.values())
    print(f"cluster-test: {total} fetches, {doubled} within half an interval of the previous one")
    # Failover: for each kill, how long until every feed the killed node held was fetched again.
    worst, held_total = 0.0, 0
    path = os.path.join(work, "kills.log")
    if os.path.exists(path):
        with open(path) as log:
            for line in log:
                parts = line.split()
                killed_at, held = float(parts[0]), parts[2:]
                held_total += len(held)
                for feed in held:
                    after = [t for t in times.get(feed, []) if t > killed_at]
                    if after:
                        worst = max(worst, after[0] - killed_at)
                    else:
                        print(f"cluster-test: {feed}, held by a killed node, was never fetched again")
                        ok = False
    print(f"cluster-test: {held_total} feeds leased by nodes when they were killed; "
          f"worst time until one of them was fetched again: {worst:.1f} s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    command, work = sys.argv[1], sys.argv[2]
    if command == "init":
        feeds.init(work)
        # The last actor joins the watchlist midway, node after node (a rolling change).
        feeds.write_watchlist(work, feeds.ACTORS[:-1])
    elif command == "watchlist-full":
        feeds.write_watchlist(work, feeds.ACTORS)
    elif command == "grow":
        feeds.grow(work, sys.argv[3])
    elif command == "serve":
        serve(work)
    elif command == "config":
        config(work, sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6])
    elif command == "verify":
        verify(work, float(sys.argv[3]), final=False)
    elif command == "report":
        verify(work, float(sys.argv[3]), final=True)

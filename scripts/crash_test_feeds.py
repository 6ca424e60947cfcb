"""Feeds, server and verifier for scripts/crash-test.

Feeds only ever grow: items are added, and existing items gain actors (never lose them), so the
expected set of alerted (feed, item, actor) pairs is exactly the actors mentioned in the final
feeds. Items carry no dates, so none is too old to alert.
"""
import http.server
import json
import os
import random
import sys

ACTORS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett",
          "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango"]
FEEDS = 120
FILLER = "The committee met on Tuesday to discuss the budget and the weather in the region. " * 3


def state_path(work):
    return os.path.join(work, "feeds.json")


def load(work):
    with open(state_path(work)) as f:
        return json.load(f)


def save(work, feeds):
    with open(state_path(work) + ".tmp", "w") as f:
        json.dump(feeds, f)
    os.replace(state_path(work) + ".tmp", state_path(work))
    os.makedirs(os.path.join(work, "www"), exist_ok=True)
    for index, items in enumerate(feeds):
        body = "".join(
            f"<item><guid isPermaLink=\"false\">f{index}-{key}</guid><title>Report {key}</title>"
            f"<link>https://example.org/f{index}/{key}</link>"
            f"<description>{FILLER} Mentioned: {', '.join(actors)}.</description></item>\n"
            for key, actors in items.items())
        doc = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed %d</title>"
               "<link>https://example.org/</link>\n%s</channel></rss>\n" % (index, body))
        path = os.path.join(work, "www", f"f{index}.xml")
        with open(path + ".tmp", "w") as f:
            f.write(doc)
        os.replace(path + ".tmp", path)


def init(work):
    random.seed(7)
    feeds = [{} for _ in range(FEEDS)]
    for index in range(FEEDS):
        for n in range(15):
            feeds[index][str(n)] = sorted(random.sample(ACTORS, random.randint(0, 3)))
    save(work, feeds)
    write_watchlist(work, ACTORS)


def write_watchlist(work, actors):
    """One actor per name, replaced atomically (a running daemon may reload it at any moment)."""
    with open(os.path.join(work, "watchlist.yaml.tmp"), "w") as f:
        f.write("actors:\n" + "".join(f"  - {{id: {a.lower()}, name: {a}}}\n" for a in actors))
    os.replace(os.path.join(work, "watchlist.yaml.tmp"), os.path.join(work, "watchlist.yaml"))


def grow(work, round_number):
    random.seed(1000 + int(round_number))
    feeds = load(work)
    for _ in range(60):
        index = random.randrange(FEEDS)
        key = str(len(feeds[index]))
        feeds[index][key] = sorted(random.sample(ACTORS, random.randint(1, 3)))
    for _ in range(20):  # existing items gain an actor: an update alert
        items = feeds[random.randrange(FEEDS)]
        key = random.choice(list(items))
        items[key] = sorted(set(items[key]) | {random.choice(ACTORS)})
    save(work, feeds)


class Handler(http.server.BaseHTTPRequestHandler):
    """Plain 200s without Last-Modified: one-second mtimes would hide quick changes behind 304s."""
    root = "."

    def do_GET(self):
        path = os.path.join(self.root, os.path.basename(self.path))
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(work, handler=None):
    handler = handler or Handler
    handler.root = os.path.join(work, "www")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def config(work, port):
    with open(os.path.join(work, "feedwatch.yaml"), "w") as f:
        f.write("watchlist: watchlist.yaml\nalerts: alerts.jsonl\nstate: state.sqlite\nfeeds:\n")
        for index in range(FEEDS):
            f.write(f"  - http://127.0.0.1:{port}/f{index}.xml\n")


def tally(work, paths):
    """The expected (feed, item, actor) pairs, and over the given logs: how often each pair was
    alerted, unreadable lines, lines per log, lost, duplicated and unexpected pairs."""
    feeds = load(work)
    expected = {(f"f{index}", f"f{index}-{key}", actor.lower())
                for index, items in enumerate(feeds) for key, actors in items.items() for actor in actors}
    seen, torn, lines = {}, 0, {}
    for path in paths:
        with open(path, "rb") as f:
            for line in f:
                try:
                    alert = json.loads(line)
                except ValueError:
                    torn += 1
                    continue
                lines[path] = lines.get(path, 0) + 1
                feed = alert["feed"]["url"].rsplit("/", 1)[1].removesuffix(".xml")
                for actor in alert["actors"]:
                    pair = (feed, alert["item"]["key"], actor["id"])
                    seen[pair] = seen.get(pair, 0) + 1
    duplicated = sum(1 for count in seen.values() if count > 1)
    return expected, seen, torn, lines, len(expected - set(seen)), duplicated, len(set(seen) - expected)


def verify(work):
    expected, seen, torn, _, lost, duplicated, unexpected = tally(work, [os.path.join(work, "alerts.jsonl")])
    print(f"crash-test: {len(expected)} expected pairs, {len(seen)} alerted, "
          f"{lost} lost, {duplicated} duplicated, {unexpected} unexpected, {torn} unreadable lines")
    sys.exit(0 if lost == duplicated == unexpected == torn == 0 else 1)


if __name__ == "__main__":
    command, work = sys.argv[1], sys.argv[2]
    if command == "init":
        init(work)
    elif command == "grow":
        grow(work, sys.argv[3])
    elif command == "serve":
        serve(work)
    elif command == "config":
        config(work, sys.argv[3])
    elif command == "verify":
        verify(work)

"""Generated inputs for scripts/bench-e2e: a 100,000-actor watchlist (multilingual names, 1-3
aliases each) and 1,000 RSS feeds of ~25 KB (30 items each) whose items mention some actors."""
import os
import random
import sys

FIRST = ["Ahmad", "Mehmet", "Yosef", "Olga", "Ali", "Fatima", "Noa", "İbrahim", "Hüseyin", "Çağla", "Dmitri",
         "Сергей", "Алексей", "דוד", "משה", "Zoë", "François", "José", "Łukasz", "Søren"]
LAST = ["Kalın", "Erdoğan", "Levi", "Cohen", "Haddad", "Петров", "Иванов", "כהן", "לוי", "Öztürk", "Müller",
        "García", "Nowak", "Østergaard", "Al-Sayed", "Barzani"]
ORGS = ["Holdings", "Group", "Industries", "Bank", "Ministry", "Agency", "Brigades", "Front", "Council", "Institute"]
FILLER = ("Officials from several countries said on Tuesday that the negotiations on trade, energy, water and "
          "border security would resume next week in the capital, "
          "next week, while a spokesperson declined to comment on the draft text. ")


def names(count):
    rng = random.Random(42)
    result = []
    for i in range(count):
        if i % 3 == 0:
            result.append((f"{rng.choice(FIRST)} {rng.choice(LAST)}{i}", "person"))
        else:
            result.append((f"{rng.choice(LAST)}{i} {rng.choice(ORGS)}", "organization"))
    return result


def main(work, actors, feeds):
    rng = random.Random(7)
    people = names(actors)
    with open(os.path.join(work, "watchlist.yaml"), "w") as f:
        f.write("actors:\n")
        for i, (name, kind) in enumerate(people):
            f.write(f"  - id: a{i}\n    name: {name}\n    kind: {kind}\n")
            extra = rng.randint(0, 2)
            if extra:
                f.write("    aliases:\n")
                f.write(f"      - {name}\n")
                if extra >= 1:
                    f.write(f"      - {name.split()[-1]} Jr\n")
                if extra == 2:
                    f.write(f"      - text: {name.upper()}\n        case: exact\n")
    os.makedirs(os.path.join(work, "www"), exist_ok=True)
    for n in range(feeds):
        items = []
        for i in range(30):
            mentioned = ", ".join(rng.choice(people)[0] for _ in range(rng.randint(0, 2)))
            items.append(f"<item><title>Story {i} of feed {n}</title><link>http://example.org/{n}/{i}</link>"
                         f"<guid>urn:{n}:{i}</guid><description>&lt;p&gt;{FILLER}{mentioned}&lt;/p&gt;&lt;p&gt;"
                         f"{FILLER}&lt;/p&gt;</description></item>\n")
        with open(os.path.join(work, "www", f"feed-{n}.xml"), "w") as f:
            f.write(f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed {n}</title>"
                    f"<link>http://example.org/{n}</link>\n{''.join(items)}</channel></rss>\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))

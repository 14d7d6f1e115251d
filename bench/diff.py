"""Diff benchmark: ``diff_segments`` on plan-like documents of 5,000 and 50,000 segments.

Run ``.venv/bin/python bench/diff.py``. From a fixed seed it builds a strategic-plan-like tree (goals →
objectives → indicators with baseline and yearly targets, activities with costs; Turkish text from a
small vocabulary), then a second version with ~2% of the segments changed: reworded or re-costed
(modified), removed, added and moved to another objective, with the siblings renumbered as a real
document would be. It times ``diff_segments`` (median of three runs, wall clock and CPU time of this
process: the CPU figure is the steadier one on a shared machine), prints the time per 1,000 segments
for each size and the ratio time(50k) / time(5k); the target is at most 15 (ten times the input, at
most fifteen times the time). It also prints the changes found against the changes made: a removal
and an addition of near-identical activities (the vocabulary is small) can be found as one
modification, and a move plus an edit as a modification under a new parent.
"""

from __future__ import annotations

import copy
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from muniwatch.constants import SEG_ACTIVITY, SEG_GOAL, SEG_INDICATOR, SEG_OBJECTIVE  # noqa: E402
from watch.diff import diff_segments  # noqa: E402
from watch.segments import Segment  # noqa: E402

RUNS = 3
SIZES = (5_000, 50_000)
CHANGE_RATE = 0.02

SUBJECTS = ("kadın danışma merkezi", "gündüz bakımevi", "mahalle kreşi", "sığınmaevi", "park aydınlatması",
            "kadın kooperatifi pazarı", "engelli bakım hizmeti", "yaşlı evde bakım hizmeti", "çocuk oyun odası",
            "kent konseyi kadın meclisi", "eşitlik birimi", "acil yardım butonu", "meslek edindirme kursu",
            "babalık eğitimi semineri", "toplumsal cinsiyet eğitimi", "sosyal yardım başvurusu")
VERBS = ("açılacaktır", "yaygınlaştırılacaktır", "güçlendirilecektir", "yenilenecektir", "desteklenecektir",
         "izlenecektir", "kurulacaktır", "genişletilecektir")
ACTIONS = ("açılması", "yaygınlaştırılması", "güçlendirilmesi", "yenilenmesi", "desteklenmesi", "izlenmesi",
           "kurulması", "genişletilmesi")
PLACES = ("Cumhuriyet", "Atatürk", "Yenimahalle", "Çarşı", "İstasyon", "Gazi", "Osmangazi", "Sultan Orhan",
          "Hacıhalil", "Mustafapaşa", "Tatlıkuyu", "Kirazpınar")
UNITS = ("Kadın ve Aile Hizmetleri Müdürlüğü", "Sosyal Destek Hizmetleri Müdürlüğü",
         "Park ve Bahçeler Müdürlüğü", "Fen İşleri Müdürlüğü", "Strateji Geliştirme Müdürlüğü")
EXTRA = ("ihtiyaç analizi yapılarak", "kadın örgütleriyle birlikte", "mahalle muhtarlıklarıyla işbirliği içinde",
         "cinsiyete göre ayrıştırılmış veri toplanarak", "erişilebilirlik gözetilerek", "gece saatlerinde de")


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(PLACES)} Mahallesi'nde {rng.choice(EXTRA)} {rng.choice(SUBJECTS)} "
            f"{rng.choice(VERBS)}. Çalışmalar {rng.choice(UNITS)} tarafından {rng.randint(2, 40)} personel ile "
            f"yürütülecek ve sonuçları her yıl raporlanacaktır.")


def leaf(rng: random.Random, kind: str, serial: int) -> dict:
    title = f"{rng.choice(PLACES)} Mahallesi {rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} ({serial})"
    node = {"kind": kind, "title": title, "text": sentence(rng), "fields": {"responsible": rng.choice(UNITS)}}
    if kind == SEG_ACTIVITY:
        node["fields"]["cost"] = f"{rng.randint(50, 50_000) * 1000}.00"
    else:
        base = rng.randint(10, 5000)
        node["fields"]["baseline"] = str(base)
        node["fields"]["targets"] = {str(y): str(base + (y - 2024) * rng.randint(1, 50)) for y in range(2025, 2030)}
    return node


def make_tree(n_segments: int, rng: random.Random) -> list[dict]:
    """Goals of ~10 objectives, each with 2-4 indicators and 3-6 activities, until n_segments."""
    goals, count, serial = [], 0, 0
    while count < n_segments:
        goal = {"title": f"{rng.choice(SUBJECTS).capitalize()} alanında hizmetleri geliştirmek",
                "text": sentence(rng), "objectives": []}
        count += 1
        for _ in range(rng.randint(8, 12)):
            obj = {"title": f"{rng.choice(SUBJECTS).capitalize()} kapasitesini artırmak", "text": sentence(rng),
                   "children": []}
            count += 1
            for kind, lo, hi in ((SEG_INDICATOR, 2, 4), (SEG_ACTIVITY, 3, 6)):
                for _ in range(rng.randint(lo, hi)):
                    serial += 1
                    obj["children"].append(leaf(rng, kind, serial))
                    count += 1
            goal["objectives"].append(obj)
        goals.append(goal)
    return goals


def mutate(goals: list[dict], rng: random.Random, n_changes: int) -> tuple[list[dict], Counter]:
    """A second version with n_changes edits: 40% modified, 20% each removed, added, moved."""
    new = copy.deepcopy(goals)
    objectives = [o for g in new for o in g["objectives"]]
    made: Counter = Counter()
    serial = 10**6
    plan = ["modified"] * 4 + ["removed", "added", "moved"] * 2
    for k in range(n_changes):
        what = plan[k % len(plan)]
        obj = rng.choice(objectives)
        if not obj["children"]:
            continue
        if what == "modified":
            child = rng.choice(obj["children"])
            if "cost" in child["fields"] and rng.random() < 0.5:
                child["fields"]["cost"] = f"{int(float(child['fields']['cost'])) // 2}.00"
            else:
                words = child["text"].split(" ")
                i = rng.randrange(len(words))
                words[i] = rng.choice(("iki", "üç", "yeni", "ek", "geçici", "kalıcı"))
                child["text"] = " ".join(words)
        elif what == "removed":
            obj["children"].pop(rng.randrange(len(obj["children"])))
        elif what == "added":
            serial += 1
            obj["children"].insert(rng.randrange(len(obj["children"]) + 1), leaf(rng, SEG_ACTIVITY, serial))
        else:
            child = obj["children"].pop(rng.randrange(len(obj["children"])))
            rng.choice(objectives)["children"].append(child)
        made[what] += 1
    return new, made


def render(goals: list[dict]) -> list[Segment]:
    """Segments as a parser would give them, numbered by position (so edits renumber siblings)."""
    out: list[Segment] = []

    def add(kind: str, code: str, key: str, node: dict, parent: str | None) -> None:
        page = len(out) // 3 + 1
        out.append(Segment(kind=kind, code=code, title=node["title"], text=node["text"], page_start=page,
                           page_end=page, parent_code=parent, ordinal=len(out),
                           fields={**node.get("fields", {}), "key": key}))

    for g, goal in enumerate(goals, 1):
        add(SEG_GOAL, f"A{g}", f"{g}", goal, None)
        for o, obj in enumerate(goal["objectives"], 1):
            add(SEG_OBJECTIVE, f"H{g}.{o}", f"{g}.{o}", obj, f"A{g}")
            numbers: Counter = Counter()
            for child in obj["children"]:
                numbers[child["kind"]] += 1
                prefix = "PG" if child["kind"] == SEG_INDICATOR else "F"
                key = f"{g}.{o}.{numbers[child['kind']]}"
                add(child["kind"], f"{prefix}{key}", key, child, f"H{g}.{o}")
    return out


def bench(size: int) -> tuple[float, float, int, Counter, Counter]:
    """(median wall seconds, median CPU seconds, segments, changes made, changes found)."""
    rng = random.Random(2026 + size)
    goals = make_tree(size, rng)
    new_goals, made = mutate(goals, rng, round(size * CHANGE_RATE))
    old, new = render(goals), render(new_goals)
    wall, cpu, found = [], [], Counter()
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        changes = diff_segments(old, new)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        found = Counter(c.kind for c in changes)
    return statistics.median(wall), statistics.median(cpu), len(old), made, found


def main() -> None:
    wall, cpu = {}, {}
    print(f"{'segments':>9} {'wall s':>8} {'cpu s':>8} {'wall s/1k':>10} {'cpu s/1k':>9}  changes made → found")
    for size in SIZES:
        w, c, n, made, found = bench(size)
        wall[size], cpu[size] = w, c
        print(f"{n:>9,} {w:>8.3f} {c:>8.3f} {w / n * 1000:>10.4f} {c / n * 1000:>9.4f}  "
              f"{dict(sorted(made.items()))} → {dict(sorted(found.items()))}")
    small, big = SIZES
    print(f"time({big:,}) / time({small:,}): wall {wall[big] / wall[small]:.2f}, cpu {cpu[big] / cpu[small]:.2f} "
          f"(target ≤ 15 for 10× the input)")


if __name__ == "__main__":
    main()

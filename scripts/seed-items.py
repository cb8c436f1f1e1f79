#!/usr/bin/env python3
"""Seeds a followup database (already migrated) with N items shaped like the
corpus' items: texts, kinds, sections, owners and statuses sampled from
`followup extract` output, spread over 20 series with weekly meetings and
300 people.

  followup extract MINUTES... | scripts/seed-items.py --sqlite DB [--items N]
  followup extract MINUTES... | scripts/seed-items.py --pg URL   [--items N]

Deterministic (seeded random). Used by scripts/bench-api.
"""
import argparse, csv, datetime as dt, io, json, random, sqlite3, subprocess, sys

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
g = p.add_mutually_exclusive_group(required=True)
g.add_argument("--sqlite", help="SQLite database file")
g.add_argument("--pg", help="PostgreSQL URL (loaded with psql \\copy)")
p.add_argument("--items", type=int, default=100_000)
p.add_argument("--series", type=int, default=20)
p.add_argument("--people", type=int, default=300)
a = p.parse_args()
rnd = random.Random(7)

samples, handles, series_names = [], [], []
for line in sys.stdin:
    doc = json.loads(line)
    folder = doc.get("file", "").split("/")[-2:-1]
    if folder and folder[0] not in series_names:
        series_names.append(folder[0])
    for it in doc.get("items", []):
        if it["kind"] == "cancellation":
            continue
        samples.append(it)
        for o in it["owners"]:
            if o not in handles:
                handles.append(o)
if not samples:
    sys.exit("no items on stdin (pipe `followup extract` output in)")
handles = handles[: a.people] + [f"user-{i:03}" for i in range(a.people - min(len(handles), a.people))]
series_names = (series_names + [f"series-{i:02}" for i in range(a.series)])[: a.series]

now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc)
ts = lambda t: t.isoformat()
first = dt.date(2021, 1, 7)
series_rows, meeting_rows = [], []
meetings_of = {}
mid = 0
for sid, slug in enumerate(series_names, 1):
    series_rows.append((sid, slug, slug, "Europe/Berlin", None, 7, ts(now), ts(now), 1440, None))
    start = first + dt.timedelta(days=sid % 7)
    d, ms = start, []
    while d <= now.date():
        mid += 1
        meeting_rows.append((mid, sid, d.isoformat(), d.isoformat(), f"{slug}/{d:%Y%m%d}.md", f"{mid:064x}", "[]", None, ts(now), ts(now)))
        ms.append((mid, d))
        d += dt.timedelta(days=7)
    meetings_of[sid] = ms
people_rows = [(i, h, None, None, None, True, ts(now), ts(now)) for i, h in enumerate(handles, 1)]
person_id = {h: i for i, h in enumerate(handles, 1)}

item_rows, owner_rows = [], []
weights = [1.0 / (1 + i) for i in range(len(series_names))]  # a few busy series
for iid in range(1, a.items + 1):
    s = samples[(iid * 7919) % len(samples)]
    sid = rnd.choices(range(1, len(series_names) + 1), weights)[0]
    ms = meetings_of[sid]
    # Newer meetings hold more items.
    k = min(len(ms) - 1, int(len(ms) * rnd.random() ** 0.5))
    meeting, mdate = ms[k]
    last_k = min(len(ms) - 1, k + int(rnd.expovariate(0.5)))
    last, ldate = ms[last_k]
    r = rnd.random()
    status = "open" if r < 0.35 else ("done" if r < 0.95 else "dropped")
    if s["status"] == "done":
        status = "done"
    created = dt.datetime.combine(mdate, dt.time(10), dt.timezone.utc)
    closed = ts(dt.datetime.combine(ldate, dt.time(11), dt.timezone.utc)) if status != "open" else None
    due = (mdate + dt.timedelta(days=7)).isoformat() if s["kind"] == "action" else None
    section = " / ".join([mdate.isoformat()] + s["section"][1:])
    owners = [o for o in s["owners"] if o in person_id] or ([rnd.choice(handles)] if s["kind"] == "action" and rnd.random() < 0.8 else [])
    item_rows.append((iid, sid, meeting, s["line"], s["kind"], s["text"], status, section, due, json.dumps(s["refs"]),
                      ts(created), ts(created + dt.timedelta(days=7 * (last_k - k))), closed, last, ldate.isoformat(),
                      last_k - k + 1, s["text"].lower(), ",".join(sorted(owners)), 0))
    for pos, o in enumerate(dict.fromkeys(owners)):
        owner_rows.append((iid, person_id[o], pos))

tables = [
    ("series", "id,slug,name,time_zone,source_url_template,interval_days,created_at,updated_at,lead_minutes,list_address", series_rows),
    ("meetings", "id,series_id,date,title,source,content_hash,participants,note_taker,created_at,updated_at", meeting_rows),
    ("people", "id,handle,display_name,email,time_zone,reminders,created_at,updated_at", people_rows),
    ("items", "id,series_id,meeting_id,line,kind,text,status,section,due,refs,created_at,updated_at,closed_at,last_meeting_id,last_seen,meetings,match_text,match_owners,manual_fields", item_rows),
    ("item_owners", "item_id,person_id,position", owner_rows),
]
if a.sqlite:
    db = sqlite3.connect(a.sqlite)
    for name, cols, rows in tables:
        db.executemany(f"INSERT INTO {name} ({cols}) VALUES ({','.join('?' * len(cols.split(',')))})", rows)
    db.commit()
    db.execute("ANALYZE")
    db.close()
else:
    for name, cols, rows in tables:
        buf = io.StringIO()
        w = csv.writer(buf)
        for r in rows:
            w.writerow(["\\N" if v is None else v for v in r])
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", a.pg, "-c",
                        f"\\copy {name} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"],
                       input=buf.getvalue(), text=True, check=True)
    for name, _, _ in tables:
        if name != "item_owners":
            subprocess.run(["psql", "-q", a.pg, "-c", f"SELECT setval(pg_get_serial_sequence('{name}','id'), (SELECT MAX(id) FROM {name}))"],
                           check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["psql", "-q", a.pg, "-c", "ANALYZE"], check=True)
print(f"seeded {len(item_rows)} items, {len(owner_rows)} owner links, {len(series_rows)} series, "
      f"{len(meeting_rows)} meetings, {len(people_rows)} people (from {len(samples)} corpus items)", file=sys.stderr)

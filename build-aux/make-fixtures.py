#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the Hugging Face parser fixtures in tests/fixtures/.

Reads the text of a real Hugging Face Papers search page ("parameter space"; two banner lines,
then alternating title and abstract lines, the first title glued to "Subscribe") and writes:

  daily-papers-p0.json, -p1.json, -p2.json  the 293 papers as /api/daily_papers pages of
                                            100/100/93 entries
  truncated.json                            page 0 cut in the middle of a string
  huge-string.json                          an entry whose abstract is about 1 MB

Only titles and abstracts come from the seed. Ids (2501.0NNNN), authors, dates, upvotes and every
other value are synthetic and deterministic, so running the script twice gives identical files.
A paper listed twice in the seed (FuseChat) keeps one id, so the duplicate is real.

The other fixtures in tests/fixtures are hand-written and not touched by this script.

Usage: build-aux/make-fixtures.py [SEED [OUTDIR]]
"""

import datetime
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = "/work/shared/seeds/hf-papers-search-parameter-space.txt"
DEFAULT_OUTDIR = os.path.join(HERE, os.pardir, "tests", "fixtures")

EXPECTED_PAPERS = 293
PAGE_SIZES = (100, 100, 93)
BANNER_LINES = 2
GLUED_PREFIX = "Subscribe"

FIRST_NAMES = [
    "Ada", "Ben", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "José",
    "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Søren", "Tariq",
    "Uma", "Viktor", "Wen", "Yara", "Zoë",
]
LAST_NAMES = [
    "Abara", "Berg", "Castillo", "Dumont", "Eriksen", "Farouk", "Gallo", "Haas", "Ito",
    "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Núñez", "Okafor", "Petrov",
    "Quispe", "Rossi", "Sato", "Ålund", "Varga", "Weber", "Xu", "Yilmaz", "Zhou",
]

BASE_DAY = datetime.datetime(2025, 1, 6, tzinfo=datetime.timezone.utc)


def read_seed(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # Tolerate a trailing newline.
    while lines and lines[-1] == "":
        lines.pop()
    body = lines[BANNER_LINES:]
    if len(body) % 2 != 0:
        sys.exit(f"{path}: expected alternating title/abstract lines after the banner")
    if not body[0].startswith(GLUED_PREFIX):
        sys.exit(f"{path}: first title is not glued to {GLUED_PREFIX!r}")
    body[0] = body[0][len(GLUED_PREFIX):]
    papers = [(body[i].strip(), body[i + 1].strip()) for i in range(0, len(body), 2)]
    if len(papers) != EXPECTED_PAPERS:
        sys.exit(f"{path}: expected {EXPECTED_PAPERS} papers, found {len(papers)}")
    return papers


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def hex_id(kind, a, b=0):
    """A deterministic 24-hex-digit id shaped like HF's Mongo ids."""
    return f"{0x65000000 + kind:08x}{a:08x}{b:08x}"


def user(i):
    first = FIRST_NAMES[(i * 3) % len(FIRST_NAMES)]
    last = LAST_NAMES[(i * 5) % len(LAST_NAMES)]
    handle = f"synthetic-user-{i % 17:02d}"
    return {
        "_id": hex_id(3, i % 17),
        "avatarUrl": "/avatars/synthetic.svg",
        "fullname": f"{first} {last}",
        "name": handle,
        "type": "user",
        "isPro": i % 4 == 0,
        "isHf": False,
        "isHfAdmin": False,
        "isMod": False,
        "followerCount": (i * 7) % 40,
        "isUserFollowing": False,
    }


def authors(i):
    result = []
    for j in range(1 + (i * 7) % 6):
        first = FIRST_NAMES[(i + j * 11) % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 2 + j * 7) % len(LAST_NAMES)]
        result.append({
            "_id": hex_id(1, i, j),
            "name": f"{first} {last}",
            "hidden": (i * 3 + j) % 10 == 7,
        })
    return result


def keywords(title, i):
    words = [w.strip(":,.()$") for w in title.split()]
    words = [w for w in words if len(w) > 5]
    return words[i % 2:i % 2 + 2 + i % 3]


def make_entry(i, paper_id, title, abstract):
    published = BASE_DAY + datetime.timedelta(days=i % 28)
    submitted = published + datetime.timedelta(days=1 + i % 3, hours=(i * 5) % 24,
                                               minutes=(i * 13) % 60, seconds=(i * 29) % 60,
                                               milliseconds=(i * 137) % 1000)
    paper = {
        "id": paper_id,
        "authors": authors(i),
        "publishedAt": iso(published),
        "submittedOnDailyAt": iso(submitted),
        "title": title,
        "summary": abstract,
        "upvotes": (i * 37) % 250,
        "discussionId": hex_id(2, i),
    }
    if i % 3 != 0:
        paper["ai_summary"] = abstract.split(". ")[0].rstrip(".") + "."
    if i % 4 != 0:
        paper["ai_keywords"] = keywords(title, i)
    if i % 5 == 0:
        paper["githubRepo"] = f"https://github.com/synthetic-org/paper-{i + 1:05d}"
        paper["githubStars"] = (i * 13) % 500
    if i % 7 == 0:
        paper["projectPage"] = f"https://synthetic-project.example.org/{paper_id}/"
    return {
        "paper": paper,
        # The top-level publishedAt is paper.publishedAt shifted by US-Eastern time but still
        # labelled Z, as in the real feed.
        "publishedAt": iso(published - datetime.timedelta(hours=5)),
        "title": title,
        "summary": abstract,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
        "numComments": i % 5,
        "submittedBy": user(i),
        "isAuthorParticipating": i % 9 == 0,
    }


def dump(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def make_huge_string(papers):
    """About 1 MB of real abstract text with a two-byte character straddling the 64 KiB
    mark, so the parser's cap must back off to a character boundary."""
    ascii_text = " ".join(a for _, a in papers if a.isascii())
    cap = 64 * 1024
    head = (ascii_text * (cap // len(ascii_text) + 1))[:cap - 1]
    if head[-1] == " ":
        head = head[:-1] + "x"
    tail = " ".join(a for _, a in papers)
    text = head + "χ" + tail
    while len(text.encode("utf-8")) < 1024 * 1024:
        text += " " + tail
    return text


def main():
    seed = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SEED
    outdir = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTDIR
    papers = read_seed(seed)

    ids_by_title = {}
    entries = []
    for i, (title, abstract) in enumerate(papers):
        paper_id = ids_by_title.setdefault(title, f"2501.{i + 1:05d}")
        entries.append(make_entry(i, paper_id, title, abstract))

    os.makedirs(outdir, exist_ok=True)
    start = 0
    for page, size in enumerate(PAGE_SIZES):
        dump(os.path.join(outdir, f"daily-papers-p{page}.json"), entries[start:start + size])
        start += size

    # Page 0 cut off in the middle of the eleventh abstract, as a dropped connection leaves it.
    page0 = json.dumps(entries[:PAGE_SIZES[0]], ensure_ascii=False, indent=1)
    cut = page0.index(papers[10][1]) + len(papers[10][1]) // 2
    with open(os.path.join(outdir, "truncated.json"), "w", encoding="utf-8") as f:
        f.write(page0[:cut])

    huge = make_entry(0, "2501.60001", "A paper with a one-megabyte abstract", make_huge_string(papers))
    # Only paper.summary is huge; repeating it at the top level would double the file.
    huge["summary"] = papers[0][1]
    after = make_entry(1, "2501.60002", papers[1][0], papers[1][1])
    dump(os.path.join(outdir, "huge-string.json"), [huge, after])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the Hugging Face and arXiv parser fixtures in tests/fixtures/.

Reads the text of a real Hugging Face Papers search page ("parameter space"; two banner lines,
then alternating title and abstract lines, the first title glued to "Subscribe") and writes:

  daily-papers-p0.json, -p1.json, -p2.json  the 293 papers as /api/daily_papers pages of
                                            100/100/93 entries
  truncated.json                            page 0 cut in the middle of a string
  huge-string.json                          an entry whose abstract is about 1 MB

Only titles and abstracts come from the seed. Ids (2501.0NNNN), authors, dates, upvotes and every
other value are synthetic and deterministic, so running the script twice gives identical files.
A paper listed twice in the seed (FuseChat) keeps one id, so the duplicate is real.

From the same titles and abstracts it writes arXiv's Atom documents to tests/fixtures/arxiv/
(see make_arxiv_fixtures() and tests/fixtures/arxiv/README.md): a listing feed, an API page, the
API's error feed, an empty weekend feed, and the bad and odd inputs the parser must survive.

The other fixtures in tests/fixtures are hand-written and not touched by this script.

Usage: build-aux/make-fixtures.py [SEED [OUTDIR]]
"""

import datetime
import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

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

    make_arxiv_fixtures(papers, outdir)


# --- arXiv ---------------------------------------------------------------------------------

ATOM_NS = ('xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/"')
API_NS = ('xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
          'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom"')
CATEGORIES = ["cs.LG", "cs.CL", "cs.CV", "stat.ML", "cs.AI", "math.OC", "hep-th", "q-bio.NC"]
LICENSES = ["http://creativecommons.org/licenses/by/4.0/",
            "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
            "http://creativecommons.org/licenses/by-nc-sa/4.0/"]
# Friday 2025-02-07, midnight US-Eastern: the day a listing announces.
ANNOUNCED = "2025-02-07T00:00:00-05:00"
ANNOUNCE_TYPES = ["new", "new", "new", "cross", "replace", "replace-cross"]


def author_names(i):
    return [a["name"] for a in authors(i)]


def wrap(text, width=70):
    """Hard line wraps as arXiv's own abstracts have them."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n  ".join(lines)


def entry_categories(i):
    first = CATEGORIES[i % len(CATEGORIES)]
    second = CATEGORIES[(i * 3 + 1) % len(CATEGORIES)]
    return [first] if first == second else [first, second]


def listing_entry(i, paper_id, title, abstract, announce, version):
    cats = "".join(f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>'
                   for c in entry_categories(i))
    extra = ""
    if i % 5 == 0:
        extra += f"<arxiv:DOI>10.5555/synthetic.{i:05d}</arxiv:DOI>"
    if i % 7 == 0:
        extra += f"<arxiv:journal_reference>Synthetic Journal {i % 40}, pp. {i}-{i + 12} (2025)</arxiv:journal_reference>"
    return f"""  <entry>
    <id>oai:arXiv.org:{paper_id}v{version}</id>
    <title>{escape(title)}</title>
    <updated>{ANNOUNCED}</updated>
    <link href="https://arxiv.org/abs/{paper_id}" rel="alternate" type="text/html"/>
    <summary>{escape(f"arXiv:{paper_id}v{version} Announce Type: {announce} ")}
Abstract: {escape(abstract)}</summary>
    {cats}
    <published>{ANNOUNCED}</published>
    <arxiv:announce_type>{announce}</arxiv:announce_type>
    <dc:rights>{LICENSES[i % len(LICENSES)]}</dc:rights>
    <dc:creator>{escape(", ".join(author_names(i)))}</dc:creator>{extra}
  </entry>
"""


def listing_feed(entries, categories="cs.LG+cs.CL"):
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed {ATOM_NS}>
  <id>http://rss.arxiv.org/atom/{categories}</id>
  <title>{categories} updates on arXiv.org</title>
  <updated>2025-02-07T05:00:11.000000+00:00</updated>
  <link href="http://rss.arxiv.org/atom/{categories}" rel="self" type="application/atom+xml"/>
  <subtitle>{categories} updates on the arXiv.org e-print archive.</subtitle>
{"".join(entries)}</feed>
"""


def api_entry(i, paper_id, title, abstract, version=1):
    published = BASE_DAY + datetime.timedelta(days=i % 28, hours=(i * 5) % 24)
    updated = published + datetime.timedelta(days=7 * (version - 1))
    cats = entry_categories(i)
    body = [f"    <id>http://arxiv.org/abs/{paper_id}v{version}</id>",
            f"    <title>{escape(title)}</title>",
            f"    <updated>{updated.strftime('%Y-%m-%dT%H:%M:%SZ')}</updated>",
            f'    <link href="https://arxiv.org/abs/{paper_id}v{version}" rel="alternate" type="text/html"/>',
            f'    <link href="https://arxiv.org/pdf/{paper_id}v{version}" rel="related" type="application/pdf" title="pdf"/>',
            f"    <summary>{escape(wrap(abstract))}</summary>"]
    body += [f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in cats]
    body.append(f"    <published>{published.strftime('%Y-%m-%dT%H:%M:%SZ')}</published>")
    if i % 2 == 0:
        body.append(f"    <arxiv:comment>{10 + i % 20} pages, {i % 9} figures</arxiv:comment>")
    body.append(f'    <arxiv:primary_category term="{cats[0]}"/>')
    if i % 3 == 0:
        body.append(f"    <arxiv:journal_ref>Synthetic Proceedings {2020 + i % 6}</arxiv:journal_ref>")
    for name in author_names(i):
        body.append(f"    <author>\n      <name>{escape(name)}</name>\n    </author>")
    if i % 4 == 0:
        body.append(f"    <arxiv:doi>10.5555/synthetic.api.{i:05d}</arxiv:doi>")
        body.append(f'    <link rel="related" href="https://doi.org/10.5555/synthetic.api.{i:05d}" title="doi"/>')
    return "  <entry>\n" + "\n".join(body) + "\n  </entry>\n"


def api_feed(entries, total, start, query="cat:cs.LG"):
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed {API_NS}>
  <id>https://arxiv.org/api/synthetic-page</id>
  <title>arXiv Query: search_query={escape(query)}&amp;id_list=&amp;start={start}&amp;max_results={len(entries)}</title>
  <updated>2025-02-07T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?search_query={escape(query)}&amp;start={start}&amp;max_results={len(entries)}&amp;id_list=" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
{"".join(entries)}</feed>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_arxiv_fixtures(papers, outdir):
    out = os.path.join(outdir, "arxiv")

    # The listing: 40 papers, ids shared with the HF fixtures (2501.00001…) so a test can merge
    # both sources; announce types cycle new/new/new/cross/replace/replace-cross.
    entries = []
    for i in range(40):
        title, abstract = papers[i]
        announce = ANNOUNCE_TYPES[i % len(ANNOUNCE_TYPES)]
        version = 2 + i % 2 if announce.startswith("replace") else 1
        entries.append(listing_entry(i, f"2501.{i + 1:05d}", title, abstract, announce, version))
    listing = listing_feed(entries)
    write(os.path.join(out, "listing.xml"), listing)

    # Cut in the middle of the eleventh entry's abstract, as a dropped connection leaves it.
    cut = listing.index(escape(papers[10][1])) + len(escape(papers[10][1])) // 2
    write(os.path.join(out, "truncated.xml"), listing[:cut])

    # Not well-formed: an unclosed element inside an entry, the rest intact.
    write(os.path.join(out, "malformed.xml"),
          listing_feed(entries[:3] + [entries[3].replace("</title>", "</titel>", 1)] + entries[4:6]))

    # A weekend: the feed exists and has no entries.
    write(os.path.join(out, "empty.xml"), listing_feed([], "cs.LG"))

    # An API page: 10 of 214 results for a category backfill, papers 100-109 of the seed.
    api_entries = [api_entry(i, f"2501.{i + 1:05d}", *papers[i], version=1 + i % 3)
                   for i in range(100, 110)]
    write(os.path.join(out, "api-page.xml"), api_feed(api_entries, 214, 20))

    # The API's error feed (sent with HTTP 400), as recorded by arxiv.py in 2026.
    write(os.path.join(out, "api-error.xml"), f"""<?xml version='1.0' encoding='UTF-8'?>
<feed {API_NS}>
  <id>https://arxiv.org/api/+yL+2aOC2tMwSSbNUvwVflQZ4gc</id>
  <title>arXiv Query: search_query=&amp;id_list=abc&amp;start=0&amp;max_results=100</title>
  <updated>2025-02-07T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?search_query=&amp;start=0&amp;max_results=100&amp;id_list=abc" type="application/atom+xml"/>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>
    <title>Error</title>
    <summary>incorrect id format for abc</summary>
    <updated>2025-02-07T00:00:00Z</updated>
    <link href="https://arxiv.org/api/errors#incorrect_id_format_for_abc" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
""")

    # Bad input that must be refused without being read: an external entity naming a local
    # file, and an entity expansion bomb, each in an otherwise good feed.
    first = entries[0]
    write(os.path.join(out, "doctype-xxe.xml"),
          listing.replace("<feed ", '<!DOCTYPE feed [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<feed ', 1)
                 .replace(escape(papers[0][0]), escape(papers[0][0]) + " &xxe;", 1))
    lol = "\n".join([f'  <!ENTITY lol0 "lol">'] +
                    [f'  <!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10)])
    write(os.path.join(out, "billion-laughs.xml"),
          listing_feed([first]).replace("<feed ", f"<!DOCTYPE feed [\n{lol}\n]>\n<feed ", 1)
                               .replace(escape(papers[0][0]), "&lol9;", 1))

    # Odd entries, one feature each (see the README for which is which).
    odd = [
        # LaTeX, TeX accents and hard wraps in title, abstract and authors.
        listing_entry(0, "2502.00001", "Estimates for the $\\mathcal{L}^2$ norm:\n  an\n"
                      "  \\'Etude of $\\alpha$-stable\n  processes",
                      "We prove that $\\|u\\|_{L^2} \\leq C$ for Schr\\\"odinger\n  operators "
                      "on \\'Ecole-type domains.\n  Na\\\"ive bounds fail.", "new", 1)
        .replace(escape(", ".join(author_names(0))), "Antonin Monteil, Paul P\\'egon"),
        # Old-style ids, with and without a subject class.
        listing_entry(1, "hep-th/9901001", *papers[201], "new", 1),
        listing_entry(2, "math.AP/0601001", *papers[202], "replace", 3),
        # Withdrawn: arXiv's replacement abstract says so.
        listing_entry(3, "2502.00004", papers[203][0],
                      "This paper has been withdrawn by the author due to a crucial error in "
                      "the proof of Lemma 3.", "replace", 2),
        # No abstract and no authors: kept.
        listing_entry(4, "2502.00005", papers[204][0], "", "new", 1)
        .replace("<dc:creator>" + escape(", ".join(author_names(4))) + "</dc:creator>", ""),
        # No id: skipped.
        listing_entry(5, "2502.00006", *papers[205], "new", 1)
        .replace("<id>oai:arXiv.org:2502.00006v1</id>", ""),
        # An id that is not an arXiv id: skipped.
        listing_entry(6, "2502.00007", *papers[206], "new", 1)
        .replace("oai:arXiv.org:2502.00007v1", "oai:example.org:nonsense"),
        # No title: skipped.
        listing_entry(7, "2502.00008", *papers[207], "new", 1)
        .replace(f"<title>{escape(papers[207][0])}</title>", "<title>  </title>"),
        # Markup in the title stays text.
        listing_entry(8, "2502.00009", "<b>Bold</b> & <i>claims</i>", papers[208][1], "cross", 1),
    ]
    write(os.path.join(out, "odd-entries.xml"), listing_feed(odd, "hep-th+math.AP"))

    # The API's way of saying a paper was withdrawn: the comment.
    withdrawn = api_entry(111, "2501.00112", *papers[111]).replace(
        "<arxiv:primary_category",
        "<arxiv:comment>This paper has been withdrawn by the author</arxiv:comment>\n    <arxiv:primary_category", 1)
    write(os.path.join(out, "withdrawn.xml"), api_feed([withdrawn], 1, 0, "id:2501.00112"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds poems.txt (3.6's corpus) from a checkout of github.com/chinese-poetry/chinese-poetry.

Usage: python3 data/tang-poems/prepare.py <path to a chinese-poetry git repository> [commit]
Keeps five-character poems (絕句 of 2 couplets, 律詩 of 4) from 《全唐詩》 (poet.tang.*.json, in
traditional characters as stored there), restricted to the most frequent characters so that a
small character-level model sees every character often: the VOCAB commonest characters of all such
poems, then only poems written entirely in them. One poem per line, deterministic order (file,
then position), capped at MAX_POEMS.
"""
import collections, json, re, subprocess, sys

VOCAB = 1500
MAX_POEMS = 6000
LINE = re.compile(r"^[^，。]{5}，[^，。]{5}。$")

repo = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
git = lambda *a: subprocess.run(["git", "-c", "core.quotepath=off", "-C", repo, *a], capture_output=True, check=True).stdout.decode("utf-8")
files = sorted((p for p in git("ls-tree", "-r", "--name-only", commit).splitlines() if re.match(r"^全唐诗/poet\.tang\.\d+\.json$", p)), key=lambda p: int(p.split(".")[2]))
poems = []
for path in files:
    for poem in json.loads(git("show", f"{commit}:{path}")):
        lines = [l.strip() for l in poem.get("paragraphs", [])]
        if len(lines) in (2, 4) and all(LINE.match(l) for l in lines):
            poems.append("".join(lines))
counts = collections.Counter(c for p in poems for c in p if c not in "，。")
keep = {c for c, _ in counts.most_common(VOCAB)}
chosen = [p for p in poems if all(c in keep or c in "，。" for c in p)]
# An even spread over the whole collection (not only the first emperors' poems).
step = max(1, len(chosen) // MAX_POEMS)
chosen = chosen[::step][:MAX_POEMS]
sha = git("rev-parse", commit).strip()
with open(__file__.replace("prepare.py", "poems.txt"), "w", encoding="utf-8") as out:
    out.write("\n".join(chosen) + "\n")
print(f"{len(files)} files, {len(poems)} five-character poems, {len(chosen)} kept, commit {sha}", file=sys.stderr)

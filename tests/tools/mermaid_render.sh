#!/bin/sh
# mermaid_render.sh: the pull-request comment of tests/cases/diff-pr-comment
# (infraplan diff --format markdown --compare), drawn in headless Chromium as
# GitHub shows it (marked's HTML, each ```mermaid block drawn by Mermaid's
# browser bundle), and checked: the page says every diagram was drawn with
# no syntax error, and the screenshot is a PNG of some size whose pixels
# are not all one colour.
#
# Usage (ctest): sh tests/tools/mermaid_render.sh INFRAPLAN_BINARY SOURCE_DIR [PNG]
#   with PNG, the screenshot is kept there (docs/img/pr-comment.png, the
#   README's picture, is made this way).
# The npm packages (mermaid, marked) are in $INFRAPLAN_NODE_DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/infraplan-node), where .ci/deps installs
# them; chromium is the Debian package.
# Exit status: 0 drawn, 1 not, 77 chromium, node or a package is missing
# (ctest counts it as skipped; said loudly, never a silent pass).
set -u
export LC_ALL=C TZ=UTC
src=${2:?usage: mermaid_render.sh INFRAPLAN SOURCE_DIR [PNG]}
keep=${3:-}
node_dir=${INFRAPLAN_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/infraplan-node}

skip() {
	echo "SKIPPED: $1"
	echo "SKIPPED: $1" >&2
	exit 77
}

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || skip "chromium not installed (.ci/deps installs the Debian package)"
command -v node >/dev/null 2>&1 || skip "node not installed (.ci/deps installs nodejs)"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
for pkg in mermaid marked; do
	[ -f "$node_dir/node_modules/$pkg/package.json" ] ||
		skip "the npm package $pkg is not in $node_dir (run .ci/deps)"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the first comment of the case: from its marker to the status line after it
sed -n '/^<!-- infraplan-diff -->$/,/^status /p' "$src/tests/cases/diff-pr-comment/stdout" |
	sed '$d' >"$tmp/comment.md"
blocks=$(grep -c '^```mermaid$' "$tmp/comment.md")
[ "$blocks" -ge 2 ] || { echo "FAIL: the comment holds $blocks Mermaid blocks, expected 2 or more"; exit 1; }
node "$src/tests/tools/mermaid_check.mjs" page "$node_dir" "$tmp/comment.md" "$tmp/page.html" ||
	{ echo "FAIL: the page could not be written"; exit 1; }

# no sandbox: CI runs as root, where Chromium refuses its sandbox; the page is ours
run_chromium() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --user-data-dir="$tmp/profile" --window-size=1000,1760 \
		--virtual-time-budget=20000 "$@" "file://$tmp/page.html" 2>"$tmp/chromium.log"
}
title=$(run_chromium --dump-dom | sed -n 's:.*<title>\(.*\)</title>.*:\1:p')
if [ "$title" != "rendered $blocks of $blocks" ]; then
	echo "FAIL: the page says '$title', expected 'rendered $blocks of $blocks'"
	tail -5 "$tmp/chromium.log"
	exit 1
fi
echo "ok   $title Mermaid diagrams drawn in $($chromium --version 2>/dev/null | head -n 1)"
run_chromium --screenshot="$tmp/shot.png" >/dev/null
[ -s "$tmp/shot.png" ] || { echo "FAIL: no screenshot"; tail -5 "$tmp/chromium.log"; exit 1; }
python3 - "$tmp/shot.png" <<'PY' || exit 1
# a PNG decoded with the standard library: its size, and how many colours
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw, stride, prev, colours, ink = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set(), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 4):
        px = bytes(line[x:x + 3])
        colours.add(px)
        ink += px != b"\xff\xff\xff"
    prev = line
share = ink / (w * h / 4)
print(f"ok   screenshot {w}x{h}, {len(data)} bytes, {len(colours)} colours, {share:.1%} not white")
if len(data) < 20000 or len(colours) < 20 or share < 0.02:
    print("FAIL: the screenshot looks empty")
    sys.exit(1)
PY
if [ -n "$keep" ]; then
	cp "$tmp/shot.png" "$keep" && echo "kept $keep"
fi
exit 0

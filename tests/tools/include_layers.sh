#!/bin/sh
# include_layers.sh [INFRAPLAN] SOURCE_DIR: every #include "DIR/x.h" in the
# source folders names a folder its own folder may use, so that dependencies
# keep pointing down (docs/architecture.md, "The folders, top to bottom"):
#
#   cmd -> planners -> providers -> templates
#                               \-> model -> catalog -> core
#   catalog/fetch (the fetchers of prices update) -> catalog; used by cmd/
#
# and the heavy libraries' headers stay in the one folder that links each
# (libyaml in the spec loader, libgit2 in the git module, libcurl, yajl and
# libxml2 in the fetchers). A file in a folder below is checked against that
# folder's own row (catalog/fetch/ is not catalog/). INFRAPLAN is ignored: the
# argument is there because ctest runs every tests/tools/*.sh with it.
set -u
case $# in
2) src=$2 ;;
1) src=$1 ;;
*) src=. ;;
esac
cd "$src" || exit 1

# folder: the folders its files may include from (their own is always allowed)
allowed() {
	case $1 in
	core) echo "" ;;
	catalog) echo "core" ;;
	catalog/fetch) echo "catalog core" ;;
	model) echo "catalog core" ;;
	templates) echo "core" ;;
	providers) echo "model templates catalog core" ;;
	planners) echo "providers model templates catalog core" ;;
	cmd) echo "planners providers model templates catalog/fetch catalog core" ;;
	*) return 1 ;;
	esac
}

# library header: the folders that may include it
library_folders() {
	case $1 in
	yaml.h) echo "planners" ;;
	git2.h | git2/*) echo "planners" ;;
	curl/*) echo "catalog/fetch" ;;
	yajl/*) echo "catalog/fetch" ;;
	libxml/*) echo "catalog/fetch" ;;
	jansson.h) echo "catalog catalog/fetch planners" ;;
	*) echo "*" ;;
	esac
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
bad=0
checked=0
for dir in core catalog catalog/fetch model templates providers planners cmd; do
	ok=$(allowed "$dir")
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -f "$f" ] || continue
		checked=$((checked + 1))
		# "file:line:header" for every include, quoted or angled
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\(["<]\)\([^">]*\)[">].*/\1\2/p' "$f" |
			while IFS= read -r inc; do
				kind=$(printf '%s' "$inc" | cut -c1)
				path=${inc#?}
				if [ "$kind" = '"' ]; then
					case $path in
					*/*) to=${path%/*} ;;
					*) to=$dir ;;
					esac
					[ "$to" = "$dir" ] && continue
					case " $ok " in
					*" $to "*) continue ;;
					esac
					echo "$f: includes \"$path\": $dir/ may use ${ok:-nothing}"
				else
					lf=$(library_folders "$path")
					[ "$lf" = "*" ] && continue
					case " $lf " in
					*" $dir "*) continue ;;
					esac
					echo "$f: includes <$path>: only $lf may"
				fi
			done
	done
done >"$out"
# a folder of sources that has no row here is a layer nobody placed yet
find . -path ./tests -prune -o -path ./bench -prune -o -path './build*' -prune -o \
	-path ./.git -prune -o -name '*.[ch]' -print | sed 's|^\./||; s|/[^/]*$||' | sort -u |
	while IFS= read -r dir; do
		allowed "$dir" >/dev/null ||
			echo "$dir/: a folder of sources with no row in include_layers.sh (docs/architecture.md)"
	done >>"$out"
if [ -s "$out" ]; then
	cat "$out"
	bad=1
fi
[ "$checked" -gt 0 ] || { echo "include_layers.sh: no sources under $src"; exit 1; }
[ "$bad" -eq 0 ] && echo "include layers: $checked files, nothing includes upward"
exit $bad

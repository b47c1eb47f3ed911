#!/bin/sh
# startup.sh: what starting infraplan costs, against starting /bin/true.
#
#   bench/startup.sh [BINARY] [RUNS]     (default build/cmd/infraplan, 500 runs)
#
# Runs `BINARY --version` and `/bin/true` RUNS times each and prints the wall
# time per run, and the ratio. With hyperfine installed it is used (with
# warm-up runs and no shell); without it, loops timed with date +%s%N, where
# the shell's fork and exec are counted for both commands alike. The goal
# (issue: link boundaries) is a ratio within 2: the main binary links only
# what every command needs (ldd lists the count printed below).
# A benchmark, not a test: it measures, it never fails on a number.
set -eu
bin=${1:-build/cmd/infraplan}
runs=${2:-500}
[ -x "$bin" ] || { echo "startup.sh: no binary at $bin (build first, or pass its path)" >&2; exit 2; }

# microseconds that `block` runs of "$@" take
time_block() {
	start=$(date +%s%N)
	i=0
	while [ "$i" -lt "$block" ]; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo $(((end - start) / 1000))
}

echo "shared libraries of $bin: $(ldd "$bin" | wc -l)"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 20 --runs "$runs" "$bin --version" /bin/true
	exit 0
fi
# in blocks that take turns, so that a load that comes and goes (a build on
# the same cores) weighs on both commands alike; the best block is the figure
# least disturbed by it
block=25
blocks=$(((runs + block - 1) / block))
time_block "$bin" --version >/dev/null # warm the page cache
n=0
results=""
while [ "$n" -lt "$blocks" ]; do
	results="$results $(time_block "$bin" --version) $(time_block /bin/true)"
	n=$((n + 1))
done
echo "$results" | awk -v bin="$bin --version" -v block="$block" '{
	for (k = 1; k <= NF; k += 2) {
		a += $k; b += $(k + 1)
		if (k == 1 || $k < ma) ma = $k
		if (k == 1 || $(k + 1) < mb) mb = $(k + 1)
	}
	n = NF / 2 * block
	printf "%-32s %8s %12s %12s\n", "command", "runs", "mean (ms)", "best (ms)"
	printf "%-32s %8d %12.3f %12.3f\n", bin, n, a / n / 1000, ma / block / 1000
	printf "%-32s %8d %12.3f %12.3f\n", "/bin/true", n, b / n / 1000, mb / block / 1000
	printf "ratio: %.2f (mean), %.2f (best)\n", a / b, ma / mb
}'

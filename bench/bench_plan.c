/*
 * bench_plan.c: how `plan` and `gen` scale with the number of services.
 *
 * Writes specs of 10, 100, 1,000 and 10,000 services (Hetzner, layout split,
 * so both node roles and every emitter take part), runs the real binary on
 * each several times, and prints the median wall time and the peak resident
 * memory of the child (wait4's ru_maxrss). The time per service should stay
 * flat as the count grows: cost grows linearly.
 *
 *   build/bench/bench_plan build/cmd/infraplan [RUNS]
 *
 * A benchmark, not a test: it measures, it never fails on a number.
 */
#include "core/common.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
write_spec(const char *path, int services)
{
	FILE *f = fopen(path, "w");
	int i;

	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f,
		"name: bench-%d\nprovider: hetzner\nlayout: split\nprices_as_of: 2026-11-22\n"
		"load: {users: 1000, concurrent: 100}\nservices:\n",
		services);
	fprintf(f, "  - {name: db, kind: postgres, cpu: 1, memory: 1Gi}\n");
	for (i = 1; i < services; i++)
		fprintf(f,
			"  - {name: svc-%d, kind: worker, command: /usr/local/bin/w%d, cpu: 1m, "
			"memory: 1Mi}\n",
			i, i);
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* runs argv; returns wall seconds, stores peak RSS in KiB */
static double
run(char *const argv[], long *peak_kib, int *status)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;

	/* the child must not inherit and flush our buffered output */
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, status, 0, &ru) < 0) {
		perror("fork");
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*peak_kib = ru.ru_maxrss;
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	static const int sizes[] = { 10, 100, 1000, 10000 };
	static const char *const commands[] = { "plan", "gen" };
	char dir[] = "/tmp/infraplan-bench-XXXXXX";
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	size_t s, c;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_plan INFRAPLAN_BINARY [RUNS]\n");
		return 2;
	}
	if (runs < 1 || runs > 100)
		runs = 5;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	printf("%-6s %8s %12s %14s %12s\n", "cmd", "services", "median ms", "us/service",
	       "peak KiB");
	for (c = 0; c < IPL_ARRAY_SIZE(commands); c++) {
		for (s = 0; s < IPL_ARRAY_SIZE(sizes); s++) {
			char spec[256], out[256];
			double times[100];
			long peak = 0, p;
			int i, status = 0;

			snprintf(spec, sizeof(spec), "%s/spec-%d.yaml", dir, sizes[s]);
			snprintf(out, sizeof(out), "%s/out-%d", dir, sizes[s]);
			write_spec(spec, sizes[s]);
			for (i = 0; i < runs; i++) {
				char *av[8];
				int n = 0;
				av[n++] = argv[1];
				av[n++] = (char *)commands[c];
				if (c == 1) {
					av[n++] = (char *)"--force";
					av[n++] = (char *)"-o";
					av[n++] = out;
				}
				av[n++] = spec;
				av[n] = NULL;
				times[i] = run(av, &p, &status);
				if (p > peak)
					peak = p;
			}
			qsort(times, (size_t)runs, sizeof(double), cmp_double);
			printf("%-6s %8d %12.2f %14.2f %12ld%s\n", commands[c], sizes[s],
			       times[runs / 2] * 1000, times[runs / 2] * 1e6 / sizes[s], peak,
			       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : "  (failed)");
		}
	}
	{
		char cmdline[600];
		snprintf(cmdline, sizeof(cmdline), "rm -rf '%s'", dir);
		if (system(cmdline) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return 0;
}

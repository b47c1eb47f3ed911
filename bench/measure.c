/*
 * measure.c: runs a command as a whole process RUNS times and prints the
 * median wall time, the median CPU time (user + system) and the largest peak
 * resident memory, as bench/run's table wants them.
 *
 *   build/bench/measure RUNS [-b 'SHELL LINE'] COMMAND [ARG...]
 *
 * Each run is fork, exec and wait4, the same rusage GNU time prints, but
 * with the kernel's microseconds rather than time's hundredths, which round
 * a 2 ms gen to 0 or 10 ms. -b runs a shell line before each run, untimed
 * (bench/run removes the plan directory there, so every gen writes a new
 * one). Output: "WALL_MS CPU_MS RSS_KIB STATUS", STATUS the last run's exit
 * status. A benchmark helper, not a test.
 */
#include "core/common.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	int runs, i, status = 0, first = 2;
	const char *before = NULL;
	double *wall, *cpu;
	long rss = 0;

	if (argc > 3 && !strcmp(argv[2], "-b")) {
		before = argv[3];
		first = 4;
	}
	if (argc <= first || (runs = (int)strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: measure RUNS [-b 'SHELL LINE'] COMMAND [ARG...]\n");
		return 2;
	}
	wall = calloc((size_t)runs, sizeof(*wall));
	cpu = calloc((size_t)runs, sizeof(*cpu));
	if (!wall || !cpu)
		return 1;
	for (i = 0; i < runs; i++) {
		struct timespec t0, t1;
		struct rusage ru;
		pid_t pid;

		if (before && system(before) != 0) {
			fprintf(stderr, "measure: '%s' failed\n", before);
			return 1;
		}
		fflush(stdout);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();
		if (pid == 0) {
			if (!freopen("/dev/null", "w", stdout) ||
			    !freopen("/dev/null", "w", stderr))
				_exit(127);
			execvp(argv[first], argv + first);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
			perror("measure");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		wall[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			  (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	qsort(wall, (size_t)runs, sizeof(*wall), cmp_double);
	qsort(cpu, (size_t)runs, sizeof(*cpu), cmp_double);
	printf("%.3f %.3f %ld %d\n", wall[runs / 2], cpu[runs / 2], rss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	free(wall);
	free(cpu);
	return 0;
}

#!/bin/sh
# make_spec.sh PROVIDER SERVICES: prints a spec of SERVICES services for PROVIDER
# (aws, contabo, hetzner, koyeb, none), for bench/run's scaling rows. Each
# provider's services take the paths its emitters have: AWS Fargate services
# with a secret each and SQS queues (the name checks), servers split into app
# and db nodes with a unit per service, Koyeb instance groups, and one large
# server of the user's own.
set -eu
provider=$1 n=$2
awk -v p="$provider" -v n="$n" 'BEGIN {
	printf "name: bench-%s-%d\nprovider: %s\n", p, n, p
	if (p == "aws") printf "region: us-east-1\ncurrency: USD\n"
	if (p == "koyeb") printf "region: fra\ncurrency: USD\n"
	if (p == "hetzner" || p == "contabo") printf "layout: split\n"
	printf "prices_as_of: 2026-11-22\nload: {users: 1000, concurrent: 100}\n"
	if (p == "none")
		printf "nodes:\n  - {name: main, cpu: 1024, memory: 4096Gi, disk: 100000GB}\n"
	printf "services:\n"
	if (p == "aws") {
		for (i = 1; i <= n; i++)
			if (i % 2)
				printf "  - {name: svc-%d, kind: worker, image: registry.example.com/w:%d, cpu: \"0.25\", memory: 512Mi, env: {TOKEN: {secret: token-%d}}}\n", i, i, i
			else
				printf "  - {name: q-%d, kind: queue}\n", i
	} else if (p == "koyeb") {
		for (i = 1; i <= n; i++)
			printf "  - {name: svc-%d, kind: app, image: registry.example.com/a:%d, port: 8000, cpu: 1, memory: 1Gi}\n", i, i
	} else {
		printf "  - {name: db, kind: postgres, cpu: 1, memory: 1Gi%s}\n", p == "none" ? ", node: main" : ""
		for (i = 1; i < n; i++)
			printf "  - {name: svc-%d, kind: worker, command: /usr/local/bin/w%d, cpu: 1m, memory: 1Mi%s}\n", i, i, p == "none" ? ", node: main" : ""
	}
}'

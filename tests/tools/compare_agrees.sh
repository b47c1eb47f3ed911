#!/bin/sh
# compare_agrees.sh: each column of `infraplan compare` is `infraplan cost`
# of the spec written for that provider, to the cent, for every example:
#
#   the spec's own provider   compare's column = cost of the spec itself, in
#                             the spec's currency and in the provider's
#   every other provider      the example rewritten as docs/compare.md says
#                             (provider, its default region; no pinned nodes,
#                             node:, instance_type, prices_as_of, routes off
#                             Koyeb, overrides of extras only, b2 for a
#                             backup target of another provider), then
#                             cost --currency COLUMN'S and cost in the
#                             spec's currency = the column's two totals
#   with external lines       cost of the rewritten spec without the services
#                             refused there, plus the external lines = the
#                             column's total in its currency
#   a spec cost refuses       compare refuses it too (exit 2)
#
# Usage (ctest): sh tests/tools/compare_agrees.sh INFRAPLAN_BINARY SOURCE_DIR
# Exit status: 0 all agree, 1 one does not, 77 python3's yaml is missing.
set -u
export LC_ALL=C TZ=UTC INFRAPLAN_OFFLINE=1
bin=${1:?usage: compare_agrees.sh INFRAPLAN SOURCE_DIR}
src=${2:?usage: compare_agrees.sh INFRAPLAN SOURCE_DIR}

python3 -c 'import yaml' 2>/dev/null || {
	echo "SKIPPED: python3 with the yaml module is missing (.ci/deps installs python3-yaml)"
	echo "SKIPPED: python3 with the yaml module is missing" >&2
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$bin" "$src" "$tmp" <<'PY'
import json, subprocess, sys, glob, os, yaml
bin, src, tmp = sys.argv[1:4]
regions = {"aws": "us-east-1", "contabo": "EU", "hetzner": "nbg1", "koyeb": "fra"}
storage = {"b2", "r2", "local"}  # the storage offers of catalog/data/services.json

def run(*args):
    p = subprocess.run([bin, *args], capture_output=True, text=True)
    return p.returncode, p.stdout

def rewrite(spec, provider):
    s = dict(spec)
    s["provider"], s["region"] = provider, regions[provider]
    s.pop("prices_as_of", None)
    s.pop("nodes", None)
    extras = {e.get(k) for e in s.get("extras", []) for k in ("name", "plan")} - {None}
    keep = lambda ovs: [o for o in ovs if o["target"] in extras]
    if "price_overrides" in s:
        s["price_overrides"] = keep(s["price_overrides"])
    for sc in s.get("scenarios", []):
        if "price_overrides" in sc:
            sc["price_overrides"] = keep(sc["price_overrides"])
    s["services"] = []
    for svc in spec["services"]:
        svc = dict(svc)
        svc.pop("node", None)
        svc.pop("instance_type", None)
        if provider != "koyeb":
            svc.pop("route", None)
        s["services"].append(svc)
    if "backup" in s and provider != "aws" and s["backup"].get("target") not in storage:
        s["backup"] = dict(s["backup"], target="b2")
    return s

failed = checked = 0
for path in sorted(glob.glob(os.path.join(src, "examples", "*.yaml"))):
    name = os.path.basename(path)
    rc_cost, out_cost = run("cost", "--format", "json", path)
    rc_cmp, out_cmp = run("compare", "--format", "json", path)
    if rc_cost != 0:
        ok = rc_cmp == rc_cost
        print(("ok  " if ok else "FAIL") + f" {name}: cost refuses it (exit {rc_cost}), compare exits {rc_cmp}")
        failed += not ok
        continue
    spec = yaml.safe_load(open(path))
    cost, cmp = json.loads(out_cost), json.loads(out_cmp)
    for col in cmp["providers"]:
        p = col["provider"]
        if col["own"]:
            _, own = run("cost", "--format", "json", "--currency", col["currency"], path)
            own = json.loads(own)["monthly_total"]
            ok = col["monthly_total_in_spec_currency"] == cost["monthly_total"] and col["monthly_total"] == own
            print(("ok  " if ok else "FAIL") + f" {name} on {p} (its own): compare {col['monthly_total']} {col['currency']} / {col['monthly_total_in_spec_currency']}, cost {own} / {cost['monthly_total']}")
            failed += not ok
            checked += 1
            continue
        if col["status"] == "cannot_host":
            print(f"--   {name} on {p}: {col['status']}: " + "; ".join(
                [r["reason"] for r in col["refused_services"]] + col["problems"])[:160])
            continue
        s = rewrite(spec, p)
        # with external lines: the rest of the services, plus each external line
        refused = {r["service"] for r in col["refused_services"]}
        s["services"] = [dict(v, depends_on=[d for d in v.get("depends_on", []) if d not in refused])
                         for v in s["services"] if v["name"] not in refused]
        external = sum(r["monthly"] for r in col["refused_services"])
        f = os.path.join(tmp, f"{p}-{name}")
        yaml.safe_dump(s, open(f, "w"))
        _, a = run("cost", "--format", "json", "--currency", col["currency"], f)
        _, b = run("cost", "--format", "json", f)
        try:
            a, b = json.loads(a)["monthly_total"], json.loads(b)["monthly_total"]
        except ValueError:
            a = b = None
        if a is not None and refused:
            a = round(a + external, 2)
            b = None if col["currency"] != cmp["currency"] else round(b + external, 2)
        ok = a == col["monthly_total"] and (b is None or b == col["monthly_total_in_spec_currency"])
        print(("ok  " if ok else "FAIL") + f" {name} on {p}: compare {col['monthly_total']} {col['currency']} / {col['monthly_total_in_spec_currency']}, cost {a} / {b}")
        failed += not ok
        checked += 1
print(f"{checked} columns checked, {failed} failed")
sys.exit(1 if failed or not checked else 0)
PY

#!/bin/sh
# cdktf-compare.sh: infraplan against CDK for Terraform synthesising a
# comparable Hetzner stack (the generator users migrate from since its
# archival in December 2025). Optional: it installs cdktf, constructs and
# @cdktf/provider-aws (the prebuilt providers have no Hetzner one) with npm
# into a temporary folder (some hundred MB from the npm registry; cdktf-cli
# too with --cli), writes a JavaScript app that declares the core of what
# `infraplan gen` writes for examples/raptorflow-aws.yaml (VPC, subnets,
# security groups, load balancer, ECS cluster, task and service, RDS,
# ElastiCache, SQS with its dead-letter queue, an SSM parameter), once and
# with 100 services, and prints the median wall time, CPU and peak RSS of
# RUNS whole-process runs of each side.
#
#   bench/cdktf-compare.sh [INFRAPLAN] [RUNS] [--cli]
#
# Nothing of this runs in ctest; the folder is removed at the end.
set -eu
bin=${1:-build-rel/cmd/infraplan}
runs=${2:-10}
cli=${3:-}
[ -x "$bin" ] || { echo "cdktf-compare.sh: no binary at $bin" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$(cd "$(dirname "$0")/.." && pwd)
command -v npm >/dev/null || { echo "cdktf-compare.sh: needs node and npm" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
pkgs="cdktf@0.21 constructs@10 @cdktf/provider-aws"
[ "$cli" = --cli ] && pkgs="$pkgs cdktf-cli@0.21"
echo "installing $pkgs ..." >&2
npm install --no-audit --no-fund --loglevel=error $pkgs >/dev/null
cat > main.js <<'JS'
// what infraplan writes for examples/raptorflow-aws.yaml, with SERVICES Fargate
// services (each with its SQS queue and dead-letter queue) instead of one
const { App, TerraformStack, TerraformVariable, Fn } = require("cdktf");
const L = (m) => require("@cdktf/provider-aws/lib/" + m);
const { AwsProvider } = L("provider");
const { Vpc } = L("vpc"), { Subnet } = L("subnet"), { InternetGateway } = L("internet-gateway");
const { RouteTable } = L("route-table"), { RouteTableAssociation } = L("route-table-association");
const { SecurityGroup } = L("security-group");
const { VpcSecurityGroupIngressRule } = L("vpc-security-group-ingress-rule");
const { Lb } = L("lb"), { LbTargetGroup } = L("lb-target-group"), { LbListener } = L("lb-listener");
const { EcsCluster } = L("ecs-cluster"), { EcsTaskDefinition } = L("ecs-task-definition");
const { EcsService } = L("ecs-service"), { IamRole } = L("iam-role");
const { CloudwatchLogGroup } = L("cloudwatch-log-group"), { SqsQueue } = L("sqs-queue");
const { DbSubnetGroup } = L("db-subnet-group"), { DbInstance } = L("db-instance");
const { ElasticacheSubnetGroup } = L("elasticache-subnet-group");
const { ElasticacheCluster } = L("elasticache-cluster"), { SsmParameter } = L("ssm-parameter");
const n = parseInt(process.env.SERVICES || "1", 10);
class Plan extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);
    const region = new TerraformVariable(this, "region", { type: "string", default: "us-east-1" });
    new AwsProvider(this, "aws", { region: region.stringValue, defaultTags: [{ tags: { plan: "raptorflow" } }] });
    const vpc = new Vpc(this, "main", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true });
    const subnets = [0, 1].map((i) => new Subnet(this, "public_" + i, {
      vpcId: vpc.id, cidrBlock: "10.0." + i + ".0/24",
      availabilityZone: Fn.element(["us-east-1a", "us-east-1b"], i), mapPublicIpOnLaunch: true }));
    const igw = new InternetGateway(this, "igw", { vpcId: vpc.id });
    const rt = new RouteTable(this, "public", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
    subnets.forEach((s, i) => new RouteTableAssociation(this, "public_assoc_" + i, { subnetId: s.id, routeTableId: rt.id }));
    const sg = (name) => new SecurityGroup(this, name, { name: "raptorflow-" + name, vpcId: vpc.id,
      egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] });
    const lbSg = sg("lb"), svcSg = sg("services"), dbSg = sg("db"), cacheSg = sg("cache");
    new VpcSecurityGroupIngressRule(this, "lb_https", { securityGroupId: lbSg.id, ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" });
    new VpcSecurityGroupIngressRule(this, "db_in", { securityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: svcSg.id });
    new VpcSecurityGroupIngressRule(this, "cache_in", { securityGroupId: cacheSg.id, ipProtocol: "tcp", fromPort: 6379, toPort: 6379, referencedSecurityGroupId: svcSg.id });
    const lb = new Lb(this, "lb", { name: "raptorflow", loadBalancerType: "application", securityGroups: [lbSg.id], subnets: subnets.map((s) => s.id) });
    const tg = new LbTargetGroup(this, "app", { name: "raptorflow-app", port: 3000, protocol: "HTTP", targetType: "ip", vpcId: vpc.id, healthCheck: { path: "/health" } });
    new LbListener(this, "http", { loadBalancerArn: lb.arn, port: 80, protocol: "HTTP", defaultAction: [{ type: "forward", targetGroupArn: tg.arn }] });
    const cluster = new EcsCluster(this, "cluster", { name: "raptorflow" });
    const role = new IamRole(this, "task_execution", { name: "raptorflow-task-execution",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    const secret = new TerraformVariable(this, "database_url", { type: "string", sensitive: true });
    new SsmParameter(this, "database-url", { name: "/raptorflow/database-url", type: "SecureString", value: secret.stringValue });
    const dbg = new DbSubnetGroup(this, "db", { name: "raptorflow-db", subnetIds: subnets.map((s) => s.id) });
    new DbInstance(this, "db_instance", { identifier: "raptorflow-db", engine: "postgres", instanceClass: "db.t3.micro",
      allocatedStorage: 20, maxAllocatedStorage: 100, dbSubnetGroupName: dbg.name, vpcSecurityGroupIds: [dbSg.id],
      username: "app", manageMasterUserPassword: true, backupRetentionPeriod: 3, skipFinalSnapshot: false });
    const csg = new ElasticacheSubnetGroup(this, "cache", { name: "raptorflow-cache", subnetIds: subnets.map((s) => s.id) });
    new ElasticacheCluster(this, "cache_cluster", { clusterId: "raptorflow-cache", engine: "redis", nodeType: "cache.t3.micro",
      numCacheNodes: 1, subnetGroupName: csg.name, securityGroupIds: [cacheSg.id], snapshotRetentionLimit: 3 });
    for (let i = 0; i < n; i++) {
      const name = n === 1 ? "app" : "svc-" + i;
      const logs = new CloudwatchLogGroup(this, name + "_logs", { name: "/ecs/raptorflow/" + name, retentionInDays: 14 });
      const dlq = new SqsQueue(this, name + "_dead_letters", { name: "raptorflow-" + name + "-dead-letters", messageRetentionSeconds: 1209600 });
      new SqsQueue(this, name + "_queue", { name: "raptorflow-" + name, redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }) });
      const task = new EcsTaskDefinition(this, name + "_task", { family: "raptorflow-" + name, cpu: "512", memory: "1024",
        networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], executionRoleArn: role.arn,
        containerDefinitions: Fn.jsonencode([{ name, image: "registry.example.com/raptorflow/app:latest", essential: true,
          portMappings: [{ containerPort: 3000 }], logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logs.name, "awslogs-region": region.stringValue, "awslogs-stream-prefix": name } } }]) });
      new EcsService(this, name + "_service", { name, cluster: cluster.id, taskDefinition: task.arn, desiredCount: 1,
        launchType: "FARGATE", networkConfiguration: { subnets: subnets.map((s) => s.id), securityGroups: [svcSg.id], assignPublicIp: true },
        loadBalancer: i === 0 ? [{ targetGroupArn: tg.arn, containerName: name, containerPort: 3000 }] : undefined });
    }
  }
}
const app = new App({ outdir: process.env.OUT || "cdktf.out" });
new Plan(app, "raptorflow");
app.synth();
JS
# median of "wall user+sys maxrss" lines over RUNS runs of "$@"
measure() {
	i=0
	: > times
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f "%e %U %S %M" -o one "$@" >/dev/null 2>&1
		cat one >> times
		i=$((i + 1))
	done
	sort -n times | awk '{w[NR]=$1; c[NR]=($2+$3)*1000; m[NR]=$4} END {
		n=asort(c); asort(m); printf "%8.0f %8.0f %8.1f", w[int((NR+1)/2)]*1000, c[int((n+1)/2)], m[int((n+1)/2)]/1024 }'
}
node -e 'require("cdktf")' || exit 1
echo "cdktf $(node -p 'require("cdktf/package.json").version'), @cdktf/provider-aws $(node -p 'require("@cdktf/provider-aws/package.json").version'), node $(node --version), infraplan $("$bin" --version | cut -d' ' -f2)"
printf "%-44s %8s %8s %8s\n" "what" "wall ms" "CPU ms" "RSS MiB"
"$root/bench/make_spec.sh" aws 100 > aws-100.yaml
printf "%-44s %s\n" "infraplan gen raptorflow-aws" "$(measure "$bin" gen -q --force -o plan "$root/examples/raptorflow-aws.yaml")"
printf "%-44s %s\n" "cdktf synth of the same stack (node main.js)" "$(SERVICES=1 measure node main.js)"
printf "%-44s %s\n" "infraplan gen, 100 AWS services" "$(measure "$bin" gen -q --force -o plan100 aws-100.yaml)"
printf "%-44s %s\n" "cdktf synth, 100 services (node main.js)" "$(SERVICES=100 measure node main.js)"
if [ "$cli" = --cli ]; then
	echo '{"language":"typescript","app":"node main.js","terraformProviders":[],"output":"cdktf.out"}' > cdktf.json
	printf "%-44s %s\n" "cdktf-cli synth (npx cdktf synth)" "$(SERVICES=1 measure npx cdktf synth)"
fi

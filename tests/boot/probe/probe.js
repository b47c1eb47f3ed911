// probe.js: the Node.js app the boot test deploys for a `runtime: node` service.
// It answers HTTP on its port ($PORT, else the one the harness wrote below) with
// a JSON report: the runtime and its version, the uid, whether /etc is writable.
"use strict";
const http = require("http");
const fs = require("fs");
const port = Number(process.env.PORT || "@PORT@");
function report() {
  let etc;
  try {
    fs.writeFileSync("/etc/infraplan-probe-write-test", "");
    etc = "writable";
  } catch (e) {
    etc = "refused (" + e.code + ")";
  }
  return { app: "probe", runtime: "node " + process.version, uid: process.getuid(), etc: etc, db: [] };
}
http.createServer((req, res) => {
  const body = JSON.stringify(report());
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(body);
}).listen(port, "::");

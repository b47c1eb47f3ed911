// probe.js: the Node.js app the boot test deploys for a `runtime: node` service.
// It answers HTTP on its port ($PORT, else the one the harness wrote below) with
// a JSON report: the runtime and its version, the uid, whether /etc is writable.
"use strict";
const http = require("http");
const fs = require("fs");
const { execFileSync } = require("child_process");
// the database part of the report: probe.py --db, with this app's environment
function databases() {
  try {
    return JSON.parse(execFileSync("/usr/bin/python3", ["@DBCHECK@", "--db"], { encoding: "utf8", timeout: 90000 }));
  } catch (e) {
    return [{ kind: "probe", host: "-", port: 0, user: "", password_set: false, ok: false,
              detail: "the db check did not run: " + e.message }];
  }
}
const port = Number(process.env.PORT || "@PORT@");
function report() {
  let etc;
  try {
    fs.writeFileSync("/etc/infraplan-probe-write-test", "");
    etc = "writable";
  } catch (e) {
    etc = "refused (" + e.code + ")";
  }
  return { app: "probe", runtime: "node " + process.version, uid: process.getuid(), etc: etc, db: databases() };
}
http.createServer((req, res) => {
  const body = JSON.stringify(report());
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(body);
}).listen(port, "::");

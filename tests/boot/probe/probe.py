#!/usr/bin/python3
# probe.py: the app the boot test deploys in place of a plan's app command.
# It answers HTTP on its port (argv --port N, else $PORT, else the port the
# harness wrote below) with a JSON report of what a real app would need:
#   db     whether it reached its database with the credentials in its
#          environment (DATABASE_URL, or DB_HOST/DB_PORT/DB_USER/DB_PASSWORD/
#          DB_NAME), speaking the database's own protocol: MySQL/MariaDB
#          (mysql_native_password), PostgreSQL (md5, SCRAM-SHA-256), Redis
#          (AUTH, PING), AMQP (the broker's connection.start);
#   etc    whether writing to /etc is refused (ProtectSystem=strict);
#   user   the uid it runs as (DynamicUser= gives it one of its own).
# `probe.py --db` prints the db part alone and exits: the Node.js, Ruby and Java
# probes run it, with their own environment and sandbox, for their db report.
# Standard library only: the VM has nothing but what the plan installed.
import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

DEFAULT_PORT = "@PORT@"


def port_of():
    args = sys.argv[1:]
    for i, a in enumerate(args):
        if a == "--port" and i + 1 < len(args):
            return int(args[i + 1])
        if a.startswith("--port="):
            return int(a.split("=", 1)[1])
    return int(os.environ.get("PORT") or DEFAULT_PORT)


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise OSError("connection closed by the server")
        b += c
    return b


# ---- MySQL / MariaDB ----
def mysql_packet(s):
    h = recv_exact(s, 4)
    n = h[0] | h[1] << 8 | h[2] << 16
    return h[3], recv_exact(s, n)


def mysql_send(s, seq, payload):
    n = len(payload)
    s.sendall(bytes([n & 255, n >> 8 & 255, n >> 16 & 255, seq & 255]) + payload)


def mysql_err(p):
    code = struct.unpack("<H", p[1:3])[0]
    msg = p[9:] if p[3:4] == b"#" else p[3:]
    return "error %d: %s" % (code, msg.decode("utf-8", "replace"))


def mysql_scramble(password, salt):
    if not password:
        return b""
    h1 = hashlib.sha1(password.encode()).digest()
    h2 = hashlib.sha1(h1).digest()
    h3 = hashlib.sha1(salt + h2).digest()
    return bytes(a ^ b for a, b in zip(h1, h3))


def mysql_check(host, port, user, password, db):
    s = socket.create_connection((host, port), timeout=10)
    try:
        _, p = mysql_packet(s)
        if p[0] == 0xFF:
            return False, mysql_err(p)
        i = p.index(b"\0", 1) + 1  # protocol version, server version
        i += 4  # thread id
        salt = p[i : i + 8]
        i += 9
        i += 2 + 1 + 2 + 2  # capabilities (low), charset, status, caps (high)
        salt_len = p[i]
        i += 1 + 10
        salt += p[i : i + max(13, salt_len - 8) - 1]
        caps = 0x0200 | 0x8000 | 0x00080000 | 0x0001 | 0x0004  # 4.1, secure, plugin auth, long pw
        if db:
            caps |= 0x0008
        auth = mysql_scramble(password, salt)
        payload = struct.pack("<IIB23x", caps, 1 << 24, 33) + user.encode() + b"\0"
        payload += bytes([len(auth)]) + auth
        if db:
            payload += db.encode() + b"\0"
        payload += b"mysql_native_password\0"
        mysql_send(s, 1, payload)
        seq, p = mysql_packet(s)
        if p[0] == 0xFE and len(p) > 1:  # auth switch
            name, rest = p[1:].split(b"\0", 1)
            if name != b"mysql_native_password":
                return False, "server asks for auth plugin %s" % name.decode()
            mysql_send(s, seq + 1, mysql_scramble(password, rest.rstrip(b"\0")))
            seq, p = mysql_packet(s)
        if p[0] == 0xFF:
            return False, mysql_err(p)
        mysql_send(s, 0, b"\x03SELECT 1")
        _, p = mysql_packet(s)
        if p[0] == 0xFF:
            return False, mysql_err(p)
        return True, "mysql %s@%s:%d/%s: logged in, SELECT 1 answered" % (user, host, port, db)
    finally:
        s.close()


# ---- PostgreSQL ----
def pg_msg(s):
    t = recv_exact(s, 1)
    n = struct.unpack("!I", recv_exact(s, 4))[0]
    return t, recv_exact(s, n - 4)


def pg_send(s, t, body):
    s.sendall(t + struct.pack("!I", len(body) + 4) + body)


def pg_check(host, port, user, password, db):
    s = socket.create_connection((host, port), timeout=10)
    try:
        params = b"user\0" + user.encode() + b"\0database\0" + (db or user).encode() + b"\0\0"
        body = struct.pack("!I", 196608) + params
        s.sendall(struct.pack("!I", len(body) + 4) + body)
        while True:
            t, b = pg_msg(s)
            if t == b"E":
                return False, "error: " + b.replace(b"\0", b" ").decode("utf-8", "replace")
            if t != b"R":
                continue
            code = struct.unpack("!I", b[:4])[0]
            if code == 0:
                break
            if code == 3:
                pg_send(s, b"p", password.encode() + b"\0")
            elif code == 5:
                inner = hashlib.md5((password + user).encode()).hexdigest().encode()
                pg_send(s, b"p", b"md5" + hashlib.md5(inner + b[4:8]).hexdigest().encode() + b"\0")
            elif code == 10:
                nonce = base64.b64encode(os.urandom(18)).decode()
                first = "n=,r=" + nonce
                mech = b"SCRAM-SHA-256\0"
                pg_send(s, b"p", mech + struct.pack("!I", len(first) + 3) + b"n,," + first.encode())
                t, b = pg_msg(s)
                if t == b"E":
                    return False, "error: " + b.decode("utf-8", "replace")
                server_first = b[4:].decode()
                f = dict(kv.split("=", 1) for kv in server_first.split(","))
                salted = hashlib.pbkdf2_hmac(
                    "sha256", password.encode(), base64.b64decode(f["s"]), int(f["i"])
                )
                ck = hmac.new(salted, b"Client Key", "sha256").digest()
                without = "c=biws,r=" + f["r"]
                msg = (first + "," + server_first + "," + without).encode()
                sig = hmac.new(hashlib.sha256(ck).digest(), msg, "sha256").digest()
                proof = base64.b64encode(bytes(a ^ b for a, b in zip(ck, sig))).decode()
                pg_send(s, b"p", (without + ",p=" + proof).encode())
            elif code in (11, 12):
                continue
            else:
                return False, "unsupported authentication request %d" % code
        return True, "postgresql %s@%s:%d/%s: logged in" % (user, host, port, db or user)
    finally:
        s.close()


# ---- Redis ----
def redis_check(host, port, user, password):
    s = socket.create_connection((host, port), timeout=10)
    try:
        f = s.makefile("rb")
        if password:
            words = ["AUTH"] + ([user] if user else []) + [password]
            s.sendall(("*%d\r\n" % len(words)).encode() + b"".join(
                b"$%d\r\n%s\r\n" % (len(w.encode()), w.encode()) for w in words))
            r = f.readline()
            if not r.startswith(b"+OK"):
                return False, "AUTH: " + r.decode().strip()
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        r = f.readline()
        if not r.startswith(b"+PONG"):
            return False, "PING: " + r.decode().strip()
        return True, "redis %s:%d: %sPING answered PONG" % (host, port, "AUTH ok, " if password else "")
    finally:
        s.close()


# ---- AMQP ----
def amqp_check(host, port, user, password):
    s = socket.create_connection((host, port), timeout=10)
    try:
        s.sendall(b"AMQP\0\0\x09\x01")
        h = recv_exact(s, 7)
        if h[0] != 1:
            return False, "no connection.start from the broker"
        recv_exact(s, struct.unpack("!I", h[3:7])[0] + 1)
        resp = b"\0" + user.encode() + b"\0" + password.encode()
        args = struct.pack("!HH", 10, 11) + struct.pack("!I", 0)
        args += bytes([5]) + b"PLAIN" + struct.pack("!I", len(resp)) + resp + bytes([5]) + b"en_US"
        s.sendall(b"\x01\0\0" + struct.pack("!I", len(args)) + args + b"\xce")
        h = recv_exact(s, 7)
        body = recv_exact(s, struct.unpack("!I", h[3:7])[0] + 1)
        cls, meth = struct.unpack("!HH", body[:4])
        if (cls, meth) == (10, 30):
            return True, "amqp %s@%s:%d: logged in (connection.tune)" % (user, host, port)
        return False, "amqp login refused (method %d.%d)" % (cls, meth)
    finally:
        s.close()


DEFAULT_PORTS = {"mysql": 3306, "mariadb": 3306, "postgres": 5432, "postgresql": 5432,
                 "redis": 6379, "rediss": 6379, "amqp": 5672}


def databases():
    """[(kind, host, port, user, password, name)] from the environment"""
    out = []
    for key, val in sorted(os.environ.items()):
        if not key.endswith("_URL") or "://" not in val:
            continue
        u = urllib.parse.urlsplit(val)
        kind = u.scheme.split("+")[0]
        if kind not in DEFAULT_PORTS:
            continue
        out.append((kind, u.hostname, u.port or DEFAULT_PORTS[kind],
                    urllib.parse.unquote(u.username or ""), urllib.parse.unquote(u.password or ""),
                    u.path.lstrip("/")))
    if os.environ.get("DB_HOST") and not any(o[0] in ("mysql", "mariadb", "postgres", "postgresql")
                                             for o in out):
        kind = os.environ.get("DB_KIND") or os.environ.get("PROBE_DB_KIND") or "@DBKIND@"
        port = int(os.environ.get("DB_PORT") or DEFAULT_PORTS.get(kind, 3306))
        out.append((kind, os.environ["DB_HOST"], port, os.environ.get("DB_USER", ""),
                    os.environ.get("DB_PASSWORD", ""), os.environ.get("DB_NAME", "")))
    return out


def check_db(kind, host, port, user, password, name):
    try:
        if kind in ("mysql", "mariadb"):
            return mysql_check(host, port, user, password, name)
        if kind in ("postgres", "postgresql"):
            return pg_check(host, port, user, password, name)
        if kind in ("redis", "rediss"):
            return redis_check(host, port, user, password)
        if kind == "amqp":
            return amqp_check(host, port, user, password)
        return False, "unknown database kind %s" % kind
    except Exception as e:  # every failure is a finding to report, not a crash
        return False, "%s %s:%s: %s" % (kind, host, port, e)


def report():
    dbs = db_report()
    try:
        with open("/etc/infraplan-probe-write-test", "w"):
            pass
        etc = "writable"
    except OSError as e:
        etc = "refused (%s)" % e.strerror
    return {"app": "probe", "runtime": "python", "uid": os.getuid(), "etc": etc, "db": dbs}


def db_report():
    out = []
    for d in databases():
        ok, detail = check_db(*d)
        out.append({"kind": d[0], "host": d[1], "port": d[2], "user": d[3],
                    "password_set": bool(d[4]), "ok": ok, "detail": detail})
    return out


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(report()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(HTTPServer):
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


if __name__ == "__main__":
    if sys.argv[1:] == ["--db"]:
        print(json.dumps(db_report()), flush=True)
        sys.exit(0)
    print(json.dumps(report()), flush=True)
    Server(("::", port_of()), Handler).serve_forever()

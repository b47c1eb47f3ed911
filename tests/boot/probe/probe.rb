# probe.rb: the Ruby app the boot test deploys for a `runtime: ruby` service.
# It answers HTTP on its port ($PORT, else the one the harness wrote below) with
# a JSON report: the runtime and its version, the uid, whether /etc is writable.
# Plain sockets: WEBrick left Ruby's standard library in 3.0.
require "socket"
require "json"
port = Integer(ENV["PORT"] || "@PORT@")
# the database part of the report: probe.py --db, with this app's environment
def databases
  JSON.parse(IO.popen(["/usr/bin/python3", "@DBCHECK@", "--db"], &:read))
rescue StandardError => e
  [{ kind: "probe", host: "-", port: 0, user: "", password_set: false, ok: false,
     detail: "the db check did not run: #{e.message}" }]
end
def report
  etc = begin
    File.write("/etc/infraplan-probe-write-test", "")
    "writable"
  rescue SystemCallError => e
    "refused (#{e.class.name.split('::').last})"
  end
  { app: "probe", runtime: "ruby #{RUBY_VERSION}", uid: Process.uid, etc: etc, db: databases }
end
server = TCPServer.new("::", port)
loop do
  client = server.accept
  begin
    while (line = client.gets) && line != "\r\n"; end
    body = JSON.generate(report)
    client.write("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: #{body.bytesize}\r\n\r\n#{body}")
  rescue StandardError
    nil
  ensure
    client.close
  end
end

// Probe.java: the Java app the boot test deploys for a `runtime: jvm` service,
// compiled on the host into a jar (the VM gets a JRE, not a compiler). It
// answers HTTP on its port ($PORT, else the one the harness writes as the
// resource "port" of the jar) with a JSON report: the runtime and its version, the uid, whether
// /etc is writable.
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

public class Probe {
    static String report() throws Exception {
        String etc;
        try {
            Files.write(Paths.get("/etc/infraplan-probe-write-test"), new byte[0]);
            etc = "writable";
        } catch (Exception e) {
            etc = "refused (" + e.getClass().getSimpleName() + ")";
        }
        String uid = new String(Files.readAllBytes(Paths.get("/proc/self/status")), StandardCharsets.UTF_8)
                .replaceAll("(?s).*\nUid:\\s+(\\d+).*", "$1");
        return "{\"app\": \"probe\", \"runtime\": \"java " + System.getProperty("java.version")
                + "\", \"uid\": " + uid + ", \"etc\": \"" + etc + "\", \"db\": " + databases() + "}";
    }

    // the database part of the report: probe.py --db (its path is the jar's resource
    // "dbcheck"), with this app's environment; already JSON
    static String databases() {
        try {
            String check = new String(Probe.class.getResourceAsStream("/dbcheck").readAllBytes(),
                    StandardCharsets.UTF_8).trim();
            Process p = new ProcessBuilder("/usr/bin/python3", check, "--db").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && out.startsWith("[")) {
                return out;
            }
            return "[{\"kind\": \"probe\", \"host\": \"-\", \"port\": 0, \"user\": \"\", "
                    + "\"password_set\": false, \"ok\": false, \"detail\": \"the db check failed\"}]";
        } catch (Exception e) {
            return "[{\"kind\": \"probe\", \"host\": \"-\", \"port\": 0, \"user\": \"\", "
                    + "\"password_set\": false, \"ok\": false, \"detail\": \"the db check did not run\"}]";
        }
    }

    public static void main(String[] args) throws Exception {
        String p = System.getenv("PORT");
        if (p == null || p.isEmpty()) {
            p = new String(Probe.class.getResourceAsStream("/port").readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(p)), 16);
        server.createContext("/", exchange -> {
            try {
                byte[] body = report().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }
}

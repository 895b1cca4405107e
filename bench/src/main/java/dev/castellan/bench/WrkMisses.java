package dev.castellan.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cache-miss load for the OCSP benchmark: {@code wrk} (one thread, keep-alive, bounded in time) with a Lua script that
 * asks about a fresh random serial in every GET, so every request is a store read and a signature. wrk here because
 * it can vary each request; h2load, which measures everything else, sends every client through the same URL list,
 * so 32 clients would ask each serial 32 times and 31 of them would be cache hits.
 */
final class WrkMisses {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final String SCRIPT = """
            local bit = require("bit")
            local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            local function b64(s)
              local out = {}
              for i = 1, #s, 3 do
                local a, b, c = s:byte(i, i + 2)
                local n = bit.bor(bit.lshift(a, 16), bit.lshift(b or 0, 8), c or 0)
                for k = 0, 3 do
                  if k <= 1 or (k == 2 and b) or (k == 3 and c) then
                    local v = bit.band(bit.rshift(n, 18 - 6 * k), 63) + 1
                    out[#out + 1] = alphabet:sub(v, v)
                  else
                    out[#out + 1] = "="
                  end
                end
              end
              return (table.concat(out):gsub("[+/=]", {["+"] = "%2B", ["/"] = "%2F", ["="] = "%3D"}))
            end
            math.randomseed(os.time())
            request = function()
              local t = {string.char(math.random(64, 127))}
              for i = 2, 16 do t[i] = string.char(math.random(0, 255)) end
              return wrk.format("GET", PATH .. "/" .. b64(PREFIX .. table.concat(t)))
            end
            """;

    private WrkMisses() {}

    /**
     * Runs {@code seconds} of GETs to {@code baseUrl + path} of {@code prefix} (a DER request whose last 16 octets are
     * its serial, left off) followed by a random 16-octet serial.
     */
    static H2Load.Result run(Path dir, String baseUrl, String path, byte[] prefix, int connections, int seconds)
            throws Exception {
        StringBuilder bytes = new StringBuilder();
        for (byte b : prefix) {
            bytes.append('\\').append(b & 0xff);
        }
        Path script = Files.writeString(dir.resolve("misses.lua"),
                "local PATH = \"" + path + "\"\nlocal PREFIX = \"" + bytes + "\"\n" + SCRIPT);
        Path log = dir.resolve("misses.out");
        Process p = new ProcessBuilder(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", script.toString(), baseUrl)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(Duration.ofSeconds(seconds + 30L).toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!done || p.exitValue() != 0 || !rate.find() || !total.find()) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        long failed = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            failed += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                failed += Long.parseLong(socket.group(g));
            }
        }
        return new H2Load.Result(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)) - failed, failed);
    }
}

package dev.castellan.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives {@code h2load --h1} (HTTP/1.1, one thread) at an OCSP responder: a fixed number of GETs round-robin over a
 * list of URLs, or of one POST body, killed if it outlasts its time bound. h2load rather than wrk: wrk counts no
 * response from OpenSSL's responder, which answers HTTP/1.0 and closes each connection; h2load reconnects, so both
 * responders are measured alike. Request counts rather than h2load's {@code -D}, which hung against OpenSSL.
 */
final class H2Load {
    private static final Pattern RATE = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");
    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");
    private static final Pattern CODES = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");

    /** One run: responses per second, requests that succeeded, and those that failed or were not 2xx. */
    record Result(double rate, long succeeded, long failed) {}

    private final Path dir;
    private final int clients;
    private final Duration limit;

    /** A driver whose every run is killed after {@code limit}. */
    H2Load(Path dir, int clients, Duration limit) {
        this.dir = dir;
        this.clients = clients;
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }

    /** {@code requests} GETs of {@code urls} in turn (all on one host and port). */
    Result get(List<String> urls, int requests, String name) throws Exception {
        return parse(run(command(urls, requests, name, null), name));
    }

    /** {@code requests} POSTs of {@code body} as {@code application/ocsp-request} to {@code url}. */
    Result post(String url, byte[] body, int requests, String name) throws Exception {
        Path data = Files.write(dir.resolve(name + ".der"), body);
        return parse(run(command(List.of(url), requests, name, data), name));
    }

    /** The h2load command line, for a run started elsewhere (the openssl baseline's network namespace). */
    List<String> command(List<String> urls, int requests, String name, Path postBody) throws Exception {
        Path input = Files.write(dir.resolve(name + ".urls"), urls);
        List<String> cmd = new ArrayList<>(List.of("timeout", Long.toString(limit.toSeconds()), "h2load", "--h1", "-t1",
                "-c" + clients, "-n", Integer.toString(requests), "-i", input.toString()));
        if (postBody != null) {
            cmd.addAll(List.of("-d", postBody.toString(), "-H", "Content-Type: application/ocsp-request"));
        }
        return cmd;
    }

    private String run(List<String> command, String name) throws Exception {
        Path log = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(limit.toSeconds() + 10, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!done || p.exitValue() != 0) {
            throw new IllegalStateException("h2load did not finish within " + limit + ": " + out);
        }
        return out;
    }

    static Result parse(String out) {
        Matcher rate = RATE.matcher(out);
        Matcher requests = REQUESTS.matcher(out);
        Matcher codes = CODES.matcher(out);
        if (!rate.find() || !requests.find() || !codes.find()) {
            throw new IllegalStateException("unexpected h2load output: " + out);
        }
        long succeeded = Long.parseLong(codes.group(1));
        long failed = Long.parseLong(requests.group(4)) + Long.parseLong(requests.group(5))
                + Long.parseLong(codes.group(2)) + Long.parseLong(codes.group(3)) + Long.parseLong(codes.group(4));
        return new Result(Double.parseDouble(rate.group(1)), succeeded, failed);
    }
}

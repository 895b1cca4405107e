package dev.castellan.server;

import dev.castellan.core.x509.NameConstraintsEncoder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints an {@code ApiPassthrough} JSON document carrying a critical name-constraints extension (2.5.29.30), for
 * issuing a subordinate CA certificate that may only certify names below the permitted DNS subtrees.
 */
@Command(name = "name-constraints", mixinStandardHelpOptions = true,
        description = "Encode DNS name constraints as ApiPassthrough JSON: use it with --api-passthrough file://... and "
                + "an *_APIPassthrough subordinate CA template.")
final class NameConstraintsCommand implements Callable<Integer> {
    @Option(names = {"-p", "--permit"}, description = "A permitted DNS subtree, e.g. .dev.example.com (repeatable).")
    List<String> permitted = new ArrayList<>();

    @Option(names = {"-e", "--exclude"}, description = "An excluded DNS subtree, e.g. .prod.dev.example.com (repeatable).")
    List<String> excluded = new ArrayList<>();

    @Override
    public Integer call() {
        if (permitted.isEmpty() && excluded.isEmpty()) {
            System.err.println("castellan name-constraints: give at least one -p (permit) or -e (exclude) DNS subtree");
            return 2;
        }
        for (String name : concat(permitted, excluded)) {
            if (!name.matches("\\.?([a-zA-Z0-9-]+\\.)*[a-zA-Z0-9-]+")) {
                System.err.println("castellan name-constraints: '" + name + "' is not a DNS name or subtree like .example.com");
                return 2;
            }
        }
        String value = Base64.getEncoder().encodeToString(NameConstraintsEncoder.encode(permitted, excluded));
        System.out.println("{\"Extensions\":{\"CustomExtensions\":[{\"ObjectIdentifier\":\"2.5.29.30\",\"Value\":\""
                + value + "\",\"Critical\":true}]}}");
        return 0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

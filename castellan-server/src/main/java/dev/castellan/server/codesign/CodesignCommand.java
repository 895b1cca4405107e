package dev.castellan.server.codesign;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code castellan codesign}: detached CMS code signatures, made through the key service or a key file. */
@Command(name = "codesign", mixinStandardHelpOptions = true,
        description = "Sign files with detached CMS signatures (RFC 5652; RFC 9882 for ML-DSA) and verify them"
                + " offline.",
        subcommands = {SignCommand.class, VerifyCommand.class})
public final class CodesignCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: sign or verify");
    }
}

package dev.castellan.api.aws.sigv4;

/**
 * Text rules of Signature V4 shared by the verifier and Castellan's own client signer, so both sides canonicalise
 * header values the same way.
 */
public final class CanonicalText {
    private CanonicalText() {}

    /** Runs of {@code \s} (space, tab, LF, VT, FF, CR) become one space, as canonical headers require. */
    public static String collapseSpaces(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean inRun = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean space = isSpace(c);
            if (!space) {
                out.append(c);
            } else if (!inRun) {
                out.append(' ');
            }
            inRun = space;
        }
        return out.toString();
    }

    /** The characters of the regular expression class {@code \s}. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}

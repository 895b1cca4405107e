# Shared shell helpers for Castellan's scripts. Sourced, not run.

# Prints the path of a JDK 25 (or newer) home, or fails with a clear message. The machine's default java may be
# older; JAVA_HOME wins when it is new enough, then the JVM folders are searched.
castellan_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "castellan: no JDK 25 found. Install Temurin 25 (or any JDK 25+) under /usr/lib/jvm, or set JAVA_HOME to it." >&2
  return 1
}

import ConfigLanguage
import FuzzSupport
import ConfigRuntime

/// Shell-word splitting (quotes, escapes, variables, `~`, globs) on any text.
let environment = MemoryEnvironment([("HOME", "/tmp"), ("X", "a b"), ("P", "*")])

runFuzzer { data, size in
    var words = ShellWords(environment: { environment.value($0) }, workingDirectory: "/nonexistent-fuzz-directory", files: SystemDirectories(), accounts: SystemAccounts.lookup)
    words.home = "/tmp"
    _ = try? words.parse(text(data, size))
    return 0
}

import ConfigLanguage

/// `dgenerate --statements FILE...`: prints the statements the runtime would execute, one
/// per line: the reported line number, the kind, and the logical text (newlines as `\n`).
enum StatementsCommand {
    static func run(_ paths: [String]) -> Int32 {
        guard !paths.isEmpty else {
            Output.error("dgenerate: error: --statements needs at least one FILE (or - for standard input)")
            return 2
        }
        var status: Int32 = 0
        for path in paths {
            switch ScriptInput.read(path) {
            case .failure(let error):
                Output.error(error.message)
                status = 1
            case .success(let source):
                for statement in ScriptParser.parse(source).statements {
                    let text = statement.logicalText.replacingNewlines()
                    Output.out("\(statement.reportedLine)\t\(statement.kind.rawValue)\t\(text)\n")
                }
            }
        }
        return status
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        var out = ""
        for character in self {
            switch character {
            case "\n": out += "\\n"
            case "\\": out += "\\\\"
            default: out.append(character)
            }
        }
        return out
    }
}

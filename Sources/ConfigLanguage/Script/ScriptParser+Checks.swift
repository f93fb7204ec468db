import Templating

/// The checks the line loop makes beyond finding statements, and the assembly of the tree.
extension LineLoop {
    mutating func diagnose(
        _ name: String, _ severity: Severity, _ range: SourceRange, _ message: String,
        notes: [DiagnosticNote] = [], fixIts: [FixIt] = []
    ) {
        diagnostics.append(Diagnostic(DiagnosticID("script", name), severity, range, message, notes: notes, fixIts: fixIts))
    }

    /// Reports the first invalid UTF-8 sequence (the reference cannot read such a file at all).
    mutating func checkEncoding() {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let (value, length) = PythonText.scalar(in: bytes, at: index)
            if value == nil {
                diagnose(
                    "invalid-utf8", .error, SourceRange(index, index + 1),
                    "invalid UTF-8: byte 0x\(String(bytes[index], radix: 16, uppercase: true)) at offset \(index); scripts must be UTF-8")
                return
            }
            index += length
        }
    }

    /// The reference's version check: `#!\s+dgenerate\s+(\d+\.\d+\.\d+)` at the very start of the
    /// raw line. Returns whether the line is a version pragma; warns where the reference would,
    /// and where a line looks like a pragma that the reference will not recognise.
    mutating func checkVersion(_ line: LineAnalysis) -> Bool {
        let raw = Array(bytes[line.start..<line.contentEnd])
        let text = String(decoding: raw, as: UTF8.self)
        let stripped = text.drop { $0.isWhitespace }
        let range = SourceRange(line.start, line.contentEnd)
        guard stripped.hasPrefix("#!") else { return false }
        guard let version = ScriptParser.versionPragma(raw) else {
            // a shebang (`#! /usr/bin/env dgenerate --file`) names a program, not a version
            let shebang = stripped.dropFirst(2).drop { $0 == " " || $0 == "\t" }.hasPrefix("/")
            if stripped.contains("dgenerate") && !shebang {
                let why = text.hasPrefix("#!") ? "expected '#! dgenerate MAJOR.MINOR.PATCH'" : "it must start at the first column"
                diagnose("malformed-version", .warning, range, "malformed version line, not checked: \(why)")
            }
            return false
        }
        let current = ScriptParser.languageVersion
        let running = "\(current.major).\(current.minor).\(current.patch)"
        let written = "\(version.0).\(version.1).\(version.2)"
        if version.0 != current.major {
            diagnose(
                "version-mismatch", .warning, range,
                "major version mismatch: this script asks for dgenerate \(written), this is \(running)")
        } else if current.minor < version.1 {
            diagnose(
                "version-mismatch", .warning, range,
                "this script asks for dgenerate \(written), newer than \(running)")
        }
        return true
    }

    /// End tags that closed something other than the innermost block (the reference quietly
    /// unwinds its stack; Jinja will reject the template when it renders).
    mutating func reportMismatches(_ line: LineAnalysis) {
        for mismatch in checker.takeMismatches() {
            let offset = line.sourceOffset(line.stripStart + mismatch.offset)
            let range = SourceRange(offset, offset + mismatch.endName.utf8.count)
            if let open = mismatch.innermost {
                diagnose(
                    "unexpected-end-tag", .error, range,
                    "unexpected '\(mismatch.endName)': the innermost block that needs to be closed is '\(open.name)'",
                    notes: [DiagnosticNote("'\(open.name)' opened here", range: openRange(open))])
            } else {
                diagnose("unexpected-end-tag", .error, range, "unexpected '\(mismatch.endName)': no block is open")
            }
        }
    }

    func openRange(_ open: JinjaBalanceChecker.OpenBlock) -> SourceRange {
        let line = analyses[open.lineIndex]
        let offset = line.sourceOffset(line.stripStart + open.offset)
        return SourceRange(offset, offset + open.name.utf8.count)
    }

    /// A template block that reached the end of the file unbalanced.
    mutating func reportUnclosed(at line: LineAnalysis) {
        let end = SourceRange.at(line.contentEnd)
        if let open = checker.openBlocks.last {
            let expected = "end" + open.name
            diagnose(
                "unbalanced-template", .error, openRange(open),
                "template block never closed: '\(open.name)' needs '{% \(expected) %}' before the end of the file",
                notes: checker.openBlocks.dropLast().reversed().map {
                    DiagnosticNote("'\($0.name)' opened here is not closed either", range: openRange($0))
                } + [DiagnosticNote("the file ends here", range: end)])
        } else if let (lineIndex, offset) = blockOpenedAt {
            diagnose(
                "unbalanced-template", .error, SourceRange(offset, offset + 1),
                "template block never closed: an unterminated '{{', '{%' or '{#' tag, or an open bracket, runs to the end of the file (block opened on line \(lineIndex + 1))",
                notes: [DiagnosticNote("the file ends here", range: end)])
        }
    }

    /// A block whose text has no Jinja tag at all runs as a template of itself; the usual cause
    /// is a `{# ... #}` line, which comment removal cuts down to `{`.
    mutating func checkTemplateBlock(_ statement: Statement, _ bytes: [UInt8]) {
        var hasTag = false
        if bytes.count > 1 {
            for index in 0..<(bytes.count - 1) where bytes[index] == 0x7B && (bytes[index + 1] == 0x7B || bytes[index + 1] == 0x25) {
                hasTag = true
                break
            }
        }
        if !hasTag {
            let text = statement.logicalText
            let offset = statement.sourceMap.sourceOffset(0)
            let hint = text == "{" ? ": a '{#' line is cut at '#' by tail-comment removal, leaving '{'" : ""
            diagnose(
                "not-a-template", .error, SourceRange(offset, offset + 1),
                "this line starts with '{' but holds no '{{' or '{%' tag; it would run as a template block that renders to itself forever\(hint)")
        }
    }

    /// Assigns every line to its statement or to trivia, and builds the line pieces.
    mutating func buildTree() {
        var owner = [Int](repeating: -1, count: analyses.count)
        let statements = statementLines
        for (number, (range, _)) in statements.enumerated() {
            for index in range where index < owner.count { owner[index] = number }
        }
        for analysis in analyses {
            lines.append(physicalLine(analysis, role: roles[analysis.index]))
        }
        var index = 0
        while index < lines.count {
            let number = owner[index]
            if number < 0 {
                items.append(.trivia(lines[index]))
                index += 1
            } else {
                items.append(.statement(statements[number].1))
                index = statements[number].0.upperBound + 1
            }
        }
    }

    private func physicalLine(_ line: LineAnalysis, role: LineRole) -> PhysicalLine {
        let terminator = SourceRange(line.contentEnd, line.end)
        let commentStart = line.commentStart ?? line.contentEnd
        if role == .comment || role == .versionPragma {
            let hash = line.sourceOffset(line.stripStart)
            return PhysicalLine(
                index: line.index, role: role, leading: SourceRange(line.start, hash), code: .at(hash),
                trailing: .at(hash), comment: SourceRange(hash, line.contentEnd), terminator: terminator)
        }
        if line.stripStart == line.stripEnd {
            return PhysicalLine(
                index: line.index, role: role, leading: SourceRange(line.start, commentStart), code: .at(commentStart),
                trailing: .at(commentStart), comment: line.commentStart.map { SourceRange($0, line.contentEnd) },
                terminator: terminator)
        }
        let codeStart = line.sourceOffset(line.stripStart)
        let codeEnd = line.sourceOffset(line.stripEnd - 1) + 1
        return PhysicalLine(
            index: line.index, role: role, leading: SourceRange(line.start, codeStart), code: SourceRange(codeStart, codeEnd),
            trailing: SourceRange(codeEnd, commentStart),
            comment: line.commentStart.map { SourceRange($0, line.contentEnd) }, terminator: terminator)
    }
}

extension ScriptParser {
    /// Parses `#!\s+dgenerate\s+X.Y.Z` at the start of `raw` (a prefix match, as the
    /// reference's regular expression): the numbers, and the version as written. The one
    /// reader of version pragmas: the parser warns by it, the runtime checks by it.
    package static func versionPragma(_ raw: [UInt8]) -> (major: Int, minor: Int, patch: Int, text: String)? {
        var index = 0
        func spaces() -> Bool {
            let start = index
            raw.withUnsafeBufferPointer { buffer in
                while index < buffer.count {
                    let length = PythonText.spaceLength(in: buffer, at: index)
                    if length == 0 { break }
                    index += length
                }
            }
            return index > start
        }
        func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard raw.count - index >= expected.count, Array(raw[index..<index + expected.count]) == expected else { return false }
            index += expected.count
            return true
        }
        func number() -> Int? {
            let start = index
            while index < raw.count, raw[index] >= 0x30, raw[index] <= 0x39 { index += 1 }
            guard index > start else { return nil }
            return Int(String(decoding: raw[start..<index], as: UTF8.self)) ?? Int.max
        }
        guard literal("#!"), spaces(), literal("dgenerate"), spaces() else { return nil }
        let numbersStart = index
        guard let major = number(), literal("."), let minor = number(), literal("."), let patch = number() else { return nil }
        return (major, minor, patch, String(decoding: raw[numbersStart..<index], as: UTF8.self))
    }
}

import ConfigLanguage
import ScriptAnalysis
import Templating

/// `textDocument/publishDiagnostics`: the analysis layer's static diagnostics, with the
/// runtime's messages, sent for every new snapshot.
enum Diagnostics {
    static func publish(_ document: DocumentSnapshot, cache: DiagnosticsCache? = nil) -> [UInt8] {
        let positions = document.positions
        let items = document.analysis.diagnostics(reusing: cache).map { diagnostic -> JSONValue in
            var item: [String: JSONValue] = [
                "range": positions.range(diagnostic.range),
                "severity": .int(severity(diagnostic.severity)),
                "code": .string(diagnostic.id.description),
                "source": .string("dgenerate"),
                "message": .string(diagnostic.message),
            ]
            let related = diagnostic.notes.compactMap { note -> JSONValue? in
                guard let range = note.range else { return nil }
                return .object([
                    "location": .object(["uri": .string(document.uri), "range": positions.range(range)]),
                    "message": .string(note.message),
                ])
            }
            if !related.isEmpty { item["relatedInformation"] = .array(related) }
            return .object(item)
        }
        return JSONRPC.notification(method: "textDocument/publishDiagnostics", params: .object([
            "uri": .string(document.uri), "version": .int(document.version), "diagnostics": .array(items),
        ]))
    }

    /// LSP's severities: 1 error, 2 warning, 3 information.
    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: return 1
        case .warning: return 2
        case .note: return 3
        }
    }
}

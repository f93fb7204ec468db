import Foundation
import Testing

/// The package's dependency rules, as ARCHITECTURE.md's table states them, against the package
/// graph SwiftPM reports and the `import` lines of every source file.
@Suite struct PackageGraphTests {
    /// The package root: three folders above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Rule {
        var mayImport: Set<String>
        var neverReaches: Set<String>
    }

    struct Target: Decodable {
        var name: String
        var path: String
        var target_dependencies: [String]?
        var product_dependencies: [String]?
        var dependencies: Set<String> { Set((target_dependencies ?? []) + (product_dependencies ?? [])) }
    }

    struct Description: Decodable { var targets: [Target] }

    /// The rows of ARCHITECTURE.md's "Targets and what each may import" table.
    static func rules() throws -> [String: Rule] {
        let text = try String(contentsOf: root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        guard let start = text.range(of: "## Targets and what each may import") else { return [:] }
        var rules: [String: Rule] = [:]
        for line in text[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, !cells[1].isEmpty, cells[1] != "target", !cells[1].hasPrefix("---") else { continue }
            func names(_ cell: String) -> Set<String> { Set(cell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
            for target in names(cells[1]) { rules[target] = Rule(mayImport: names(cells[2]), neverReaches: names(cells[3])) }
        }
        return rules
    }

    /// `swift package describe --type json`, run on this package (once).
    static func describe() throws -> Description { try described.get() }

    static let described = Result { try runDescribe() }

    static func runDescribe() throws -> Description {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // a scratch folder of its own: the build folder is locked while `swift test` runs
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-describe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.arguments = ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "describe", "--type", "json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(Description.self, from: data)
    }

    /// The modules a target's Swift files import.
    static func imports(under path: String) -> [String: Set<String>] {
        var found: [String: Set<String>] = [:]
        let folder = root.appendingPathComponent(path)
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [:] }
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                      words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                found[String(words[index + 1]), default: []].insert(file.lastPathComponent)
            }
        }
        return found
    }

    @Test func everyTargetHasARowAndDependsOnlyOnWhatItMay() throws {
        let rules = try Self.rules(), targets = try Self.describe().targets
        #expect(rules.count >= 10, "the table in ARCHITECTURE.md was not found")
        #expect(targets.count >= 10, "swift package describe gave no targets")
        for target in targets {
            guard let rule = rules[target.name] else {
                Issue.record("\(target.name) has no row in ARCHITECTURE.md's table")
                continue
            }
            let extra = target.dependencies.subtracting(rule.mayImport)
            #expect(extra.isEmpty, "\(target.name) depends on \(extra.sorted()), which ARCHITECTURE.md does not allow")
        }
    }

    @Test func noTargetReachesWhatItMustNot() throws {
        let rules = try Self.rules(), targets = try Self.describe().targets
        let edges = Dictionary(uniqueKeysWithValues: targets.map { ($0.name, $0.dependencies) })
        for target in targets {
            var reached: Set<String> = [], pending = Array(edges[target.name] ?? [])
            while let next = pending.popLast() {
                if reached.insert(next).inserted { pending += edges[next] ?? [] }
            }
            let forbidden = reached.intersection(rules[target.name]?.neverReaches ?? [])
            #expect(forbidden.isEmpty, "\(target.name) reaches \(forbidden.sorted())")
        }
    }

    /// An `import` of one of the package's own modules (or a package dependency) must be a
    /// declared dependency: Swift would otherwise let a target import what it only reaches.
    @Test func everyImportIsADeclaredDependency() throws {
        let targets = try Self.describe().targets
        let modules = Set(targets.map(\.name)).union(targets.flatMap { $0.product_dependencies ?? [] })
        for target in targets {
            for (module, files) in Self.imports(under: target.path) where modules.contains(module) && module != target.name {
                #expect(target.dependencies.contains(module),
                        "\(target.name) imports \(module) (\(files.sorted().prefix(3).joined(separator: ", "))) without depending on it")
            }
        }
    }
}

import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating
import Testing

/// Every directive and template function the catalogue declares has a handler in the runtime,
/// and every handler has its catalogue entry; functions are bound by the catalogue's signatures.
@Suite struct CatalogueHandlerTests {
    static func runtime() -> ScriptRuntime {
        ScriptRuntime(host: RuntimeHost(output: SetpTableTests.Discard(), environment: MemoryEnvironment(),
                                        workingDirectory: VirtualWorkingDirectory("/")))
    }

    @Test func everySignatureParses() {
        let unparsed = FunctionCatalogue.signatures.filter { FunctionSignature($0) == nil }
        #expect(unparsed.isEmpty, "signatures that do not parse: \(unparsed)")
        #expect(FunctionCatalogue.parsedSignatures.count == FunctionCatalogue.signatures.count)
    }

    /// Defaults as Python reads them from the reference's signatures.
    @Test(arguments: [
        ("frange(start, stop = None, step = 0.1)", ["start", "stop", "step"], ["required", "None", "0.1"]),
        ("total_memory(device: str | None = None, unit: str = 'b')", ["device", "unit"], ["None", "'b'"]),
        ("image_size(file: str, format_size: bool = True) -> str | tuple[int, int]", ["file", "format_size"], ["required", "True"]),
        ("cwd() -> str", [], []),
    ])
    func signaturesReadAsPythonReadsThem(_ text: String, _ names: [String], _ defaults: [String]) throws {
        let signature = try #require(FunctionSignature(text))
        #expect(signature.parameterNames == names)
        #expect(signature.defaults.map { $0?.repr ?? "required" } == defaults)
        #expect(!signature.isBuiltin)
    }

    @Test func everyTemplateFunctionHasAHandlerAndEveryHandlerItsEntry() {
        let runtime = Self.runtime()
        #expect(runtime.functionsWithoutSignature.isEmpty, "handlers without a catalogue signature: \(runtime.functionsWithoutSignature)")
        let declared = Set(FunctionCatalogue.templateFunctions.map(\.name))
        #expect(runtime.functionNames == declared,
                "declared only: \(declared.subtracting(runtime.functionNames).sorted()), implemented only: \(runtime.functionNames.subtracting(declared).sorted())")
        let builtins = Set(FunctionCatalogue.parsedSignatures.values.filter(\.isBuiltin).map(\.name))
        #expect(runtime.builtinNames == builtins,
                "builtins declared only: \(builtins.subtracting(runtime.builtinNames).sorted()), implemented only: \(runtime.builtinNames.subtracting(builtins).sorted())")
    }

    @Test func functionsAreBoundByTheCatalogueSignatures() {
        let runtime = Self.runtime()
        for function in FunctionCatalogue.templateFunctions {
            #expect(runtime.boundSignatures[function.name] == function, "\(function.name) is bound with another signature")
        }
    }

    /// `--check` compiles templates with the same filters the runtime has, without a runtime.
    @Test func checkingEnvironmentCompilesAsTheRuntimeDoes() {
        let runtime = Self.runtime()
        let checking = FunctionCatalogue.compilingEnvironment()
        #expect(Set(checking.filters.keys) == Set(runtime.templates.filters.keys))
    }

    @Test func everyDirectiveHasAHandlerAndEveryHandlerItsEntry() {
        let runtime = Self.runtime()
        #expect(ScriptRuntime.builtinDirectiveNames == Set(DirectiveCatalogue.prefixDispatched))
        // registered handlers, the prefix-dispatched ones, and the one the line loop handles
        let implemented = Set(runtime.directives.keys.map { "\\" + $0 }).union(ScriptRuntime.builtinDirectiveNames)
            .union([DirectiveCatalogue.resetLineCounter])
        let declared = Set(DirectiveCatalogue.names)
        #expect(implemented == declared,
                "declared only: \(declared.subtracting(implemented).sorted()), implemented only: \(implemented.subtracting(declared).sorted())")
    }
}

import ConfigLanguage
import Foundation
import Testing
import Templating

/// The config scripts that reproduce each image (`--output-configs`, `--output-metadata`)
/// against those the reference wrote for the same invocations
/// (`Fixtures/cli/plan/reproducing_configs.json`, recorded by `record_reproducing_configs.py`
/// there with the committed tiny model): byte for byte, one per image, in the order written.
@Suite struct ReproducingConfigTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Image: Decodable, Sendable {
            var file: String
            var config: String
            var chunk: String?
            var metadata: String?
        }
        var name: String
        var model: String
        var args: [String]
        var images: [Image]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let data = try? Fixtures.data("cli/plan/reproducing_configs.json") else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    @Test func recordedCasesAreThere() {
        #expect(Self.cases.count >= 12)
        #expect(Self.cases.allSatisfy { !$0.images.isEmpty })
    }

    @Test(arguments: cases.enumerated().map { $0 })
    func configsMatchTheReference(_ number: Int, _ recorded: Case) throws {
        let parser = CommandLineParser()
        let arguments = [recorded.model] + recorded.args + ["--output-configs", "--output-metadata", "--output-path", "out\(number)"]
        let plan = try RenderPlan.make(try parser.parse(arguments), parser: parser, columns: 80)
        let images = plan.steps.flatMap { step in step.files.filter { !$0.hasSuffix(".dgen") } }
        let configs = plan.steps.flatMap(\.configs)
        #expect(images == recorded.images.map(\.file))
        #expect(configs.count == recorded.images.count)
        for (config, image) in zip(configs, recorded.images) {
            #expect(config == image.config, "\(image.file)")
        }
    }

    @Test func configsAreMadeOnlyWhenAskedFor() throws {
        let parser = CommandLineParser()
        let plan = try RenderPlan.make(try parser.parse(["m", "--seeds", "1", "2"]), parser: parser, columns: 80)
        #expect(plan.steps.allSatisfy { $0.configs.isEmpty })
        let embedded = try RenderPlan.make(try parser.parse(["m", "--seeds", "1", "--output-metadata"]), parser: parser, columns: 80)
        #expect(embedded.steps.map(\.configs.count) == [1])
        #expect(embedded.steps[0].files == ["output/s_1_g_5-0_i_30_step_1.png"])
    }
}

import ScriptAnalysis
import Testing

/// Image seeds are checked before a script runs, with the messages the reference prints when it
/// runs them (`Tests/EngineTests/Fixtures/image-seeds-cases`); whether their files exist is not
/// known statically, so a seed is never an error for naming a file.
@Suite struct ImageSeedDiagnosticsTests {
    static let model = "models/sd --device cpu --prompts cat --seeds 1 "

    @Test(arguments: [
        ("--image-seeds \"in.png;60x32\"", "Image seed resize width dimension 60 is not divisible by 8."),
        ("--image-seeds \"in.png;mask=m.png;bogus=1\"",
         "Unknown path argument \"bogus\" for Image Seed concept \"in.png\", valid arguments: adapter, align, aspect, control, floyd, frame-end, frame-start, latents, mask, resize"),
        ("--image-seeds \"in.png;\"", "Missing inpaint mask image or output size specification, check image seed syntax, stray semicolon?"),
        ("--image-seeds \"anim.gif;frame-start=4;frame-end=2\"", "frame_start argument must be less than or equal to frame_end argument."),
        ("--image-seeds \"in.png;control=c.png\"", "Cannot use the \"control\" argument in an image seed without specifying --control-nets."),
        ("--image-seed-strengths 0.5", "you cannot specify --image-seed-strengths without --image-seeds."),
        ("--image-seeds \"in.png, in.png;mask.png\"",
         "Cannot use multiple image inputs with inpaint masks without using the \"images:\" syntax.\""),
    ])
    func malformedSeedsAreErrors(_ arguments: String, _ message: String) {
        let analysis = ScriptAnalysis(text: Self.model + arguments + "\n")
        let messages = analysis.diagnostics().map(\.message)
        #expect(messages.contains("dgenerate: error: " + message), "\(messages)")
    }

    @Test(arguments: [
        "--image-seeds photo.png",
        "--image-seeds \"photo.png;mask=mask.png;resize=512x512;aspect=false\" --image-seed-strengths 0.3 0.6",
        "--image-seeds \"images: a.png, b.png;mask=m.png\"",
        "--image-seeds \"anim.gif;frame-start=1;frame-end=3\" --animation-format gif",
        "--image-seeds \"photo.png;mask.png;512\"",
    ])
    func wellFormedSeedsAreNotErrors(_ arguments: String) {
        let analysis = ScriptAnalysis(text: Self.model + arguments + "\n")
        #expect(analysis.diagnostics().isEmpty, "\(analysis.diagnostics().map(\.message))")
    }
}

import ConfigLanguage
import Testing

/// Model URIs read as dgenerate 5.0.0 reads them before it loads anything. Each expected
/// message is what the reference printed after `dgenerate: error: ` for the script line
/// `nonexistent/model OPTION "URI" --prompts x` (run offline; it fails at the URI before it
/// looks for the model).
@Suite struct ConceptURITests {
    static let cases: [(String, String, String?)] = [
        ("vae_uri", "AutoencoderKL;bad=1",
         "Unknown path argument \"bad\" for VAE concept \"AutoencoderKL\", valid arguments: dtype, model, revision, subfolder, variant"),
        ("lora_uris", "x;bad=1", "Unknown path argument \"bad\" for LoRA concept \"x\", valid arguments: revision, scale, subfolder, weight-name"),
        ("textual_inversion_uris", "x;bad=1",
         "Unknown path argument \"bad\" for Textual Inversion concept \"x\", valid arguments: revision, subfolder, token, weight-name"),
        ("unet_uri", "x;bad=1", "Unknown path argument \"bad\" for UNet concept \"x\", valid arguments: dtype, quantizer, revision, subfolder, variant"),
        ("text_encoder_uris", "CLIPTextModel;bad=1",
         "Unknown path argument \"bad\" for TextEncoder concept \"CLIPTextModel\", valid arguments: dtype, mode, model, quantizer, revision, subfolder, variant"),
        ("lora_uris", "x;scale", "Error parsing path arguments for LoRA concept \"x\", missing value assignment for argument scale."),
        ("lora_uris", "x;scale=1;scale=2", "Duplicate argument \"scale\" provided for LoRA concept \"x\"."),
        ("lora_uris", "x;;scale=1", "Error parsing path arguments for LoRA concept \"x\", Empty argument space, stray \";\" delimiter?"),
        ("vae_uri", "AutoencoderKL;model=", "Syntax error parsing argument \"model\" for VAE concept \"AutoencoderKL\", missing assignment value."),
        // the reference went on to look for the model: these read
        ("lora_uris", ";scale=1", nil),
        ("lora_uris", "x; scale = 0.5 ;weight-name=a.safetensors", nil),
        ("text_encoder_uris", "+", nil),
        ("text_encoder_uris", "null", nil),
    ]

    @Test(arguments: cases.indices)
    func urisReadAsTheReferenceReadsThem(_ index: Int) {
        let (destination, uri, expected) = Self.cases[index]
        let problem = ConceptURI.problem([destination: [uri]], order: [destination])
        #expect(problem?.message == expected, "\(uri)")
        #expect(problem.map(\.destination) == expected.map { _ in destination })
    }

    /// Every option the table names exists, and takes URIs.
    @Test func tableNamesRealOptions() {
        let destinations = Set(CommandLineParser.full.options.map(\.dest))
        for destination in ConceptURI.table.keys {
            #expect(destinations.contains(destination), "\(destination)")
        }
    }
}

import ConfigLanguage
import FuzzSupport

/// An `--image-seeds` value of any text, read with the files "a.png", "m.png" and "anim.gif"
/// existing, then its template object's attributes.
runFuzzer { data, size in
    let uri = text(data, size)
    if let seed = try? ImageSeedURI(uri, exists: { ["a.png", "m.png", "anim.gif"].contains($0) }) {
        _ = seed.isSingleSpec
        _ = seed.templateValue
    }
    return 0
}

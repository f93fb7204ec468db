import BigInt
import Templating

/// One `--image-seeds` value read as the reference reads it before anything loads: the seed
/// images (img2img, or `images: a.png, b.png` batches), inpaint masks, control images, latents,
/// IP adapter images, a Deep Floyd stage image, and the per-seed resize, alignment, aspect and
/// frame range; in the legacy form (`image;mask;WxH`) or the keyword form (`image;mask=m.png`).
/// Errors are the reference's messages. Which files exist is asked of the caller, so the same
/// parser serves the runtime and the static checks.
public struct ImageSeedURI: Sendable, Equatable {
    public var uri: String
    /// The seed images (or control images, for a plain list); nil when the only inputs are IP
    /// adapter images or latents.
    public var images: [String]?
    /// Whether the `images: ...` batching syntax was used.
    public var multiImage = false
    /// One mask per image (a single mask is repeated for batches).
    public var masks: [String]?
    public var controlImages: [String]?
    public var latents: [String]?
    /// IP adapter image groups, each as written (`a.png + b.png` is one group of two).
    public var adapterImages: [[String]]?
    public var floydImage: String?
    public var resize: (width: Int, height: Int)?
    public var align: Int?
    public var aspect: Bool?
    public var frameStart: Int?
    public var frameEnd: Int?

    public static func == (lhs: ImageSeedURI, rhs: ImageSeedURI) -> Bool {
        lhs.uri == rhs.uri && lhs.images == rhs.images && lhs.multiImage == rhs.multiImage && lhs.masks == rhs.masks
            && lhs.controlImages == rhs.controlImages && lhs.latents == rhs.latents && lhs.adapterImages == rhs.adapterImages
            && lhs.floydImage == rhs.floydImage && lhs.resize?.width == rhs.resize?.width && lhs.resize?.height == rhs.resize?.height
            && lhs.align == rhs.align && lhs.aspect == rhs.aspect && lhs.frameStart == rhs.frameStart && lhs.frameEnd == rhs.frameEnd
    }

    /// Why a value does not read: the reference's message.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// A seed with nothing but images (plain img2img, an `images:` batch, or control images):
    /// the reference decides which from the other options.
    public var isSingleSpec: Bool {
        masks == nil && controlImages == nil && floydImage == nil && adapterImages == nil && latents == nil
    }

    static let keywords = ["mask", "control", "adapter", "latents", "floyd", "resize", "align", "aspect", "frame-start", "frame-end"]
    static let tensorExtensions: Set<String> = ["pt", "pth", "safetensors"]

    /// Reads `uri`; `exists` says whether a path (relative to the working directory) exists.
    /// URLs (`http://`, `https://`) count as existing.
    public init(_ uri: String, exists: (String) -> Bool) throws(Failure) {
        self.uri = uri
        let parts: [String]
        do {
            parts = try TokenizedSplit.split(uri, Self.splitOptions(";"))
        } catch {
            throw Failure("Image seed URI parsing error: \(PythonSplitting.strip(error.message))")
        }
        let keywordForm = parts.count > 3 || parts.contains { part in
            // the reference's `re.match(f'{keyword}\\s*=', part)`
            Self.keywords.contains { part.hasPrefix($0) && part.unicodeScalars.dropFirst($0.unicodeScalars.count).first { !$0.properties.isWhitespace } == "=" }
        }
        let found = { (path: String) in Self.isURL(path) || exists(path) }
        if keywordForm {
            try readKeywordForm(uri, exists: found)
        } else {
            try readLegacyForm(uri, parts: parts, exists: found)
        }
    }

    /// Where the files are not known (an editor's check): every path counts as existing, except
    /// a size (`512`, `60x32`), the legacy form's other reading, which files are rarely named as.
    static func assumedToExist(_ path: String) -> Bool {
        if case .success = size(path) { return false }
        return true
    }

    /// Whether a seed path is a URL (which the reference does not check for existence).
    public static func isURL(_ path: String) -> Bool { path.hasPrefix("http://") || path.hasPrefix("https://") }

    static func isTensorFile(_ path: String) -> Bool {
        let name = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        let (_, ext) = PythonPath.splitext(name)
        return tensorExtensions.contains(String(ext.dropFirst()).lowercased())
    }

    static func splitOptions(_ separator: Unicode.Scalar, removeQuotes: Bool = false, strict: Bool = false) -> TokenizedSplit.Options {
        var options = TokenizedSplit.Options()
        options.separator = separator
        options.removeQuotes = removeQuotes
        options.escapesInQuoted = removeQuotes
        options.strict = strict
        return options
    }

    static func isQuoted(_ text: String) -> Bool {
        text.count >= 1 && ((text.hasPrefix("\"") && text.hasSuffix("\"")) || (text.hasPrefix("'") && text.hasSuffix("'")))
    }

    /// A `WxH` (or `W`) size, each dimension an integer; the reference's message otherwise.
    static func size(_ text: String) -> Result<(width: BigInt, height: BigInt), Failure> {
        switch OptionValueType.imageSize(text) {
        case .success(let size): return .success(size)
        case .failure(let error): return .failure(Failure(error.message))
        }
    }

    /// The resize size checked against the alignment of 8, width first.
    static func alignedResize(_ size: (width: BigInt, height: BigInt)) throws(Failure) -> (width: Int, height: Int) {
        for (index, dimension) in [size.width, size.height].enumerated() where dimension % 8 != 0 {
            throw Failure("Image seed resize \(index == 0 ? "width" : "height") dimension \(dimension) is not divisible by 8.")
        }
        guard let width = Int(exactly: size.width), let height = Int(exactly: size.height), width > 0, height > 0 else {
            throw Failure("Image seed resize dimensions \(size.width)x\(size.height) are out of range.")
        }
        return (width, height)
    }

    // MARK: - The legacy form: `image;mask;WxH`

    mutating func readLegacyForm(_ uri: String, parts: [String], exists: (String) -> Bool) throws(Failure) {
        guard var first = parts.first else { throw Failure("Parsing error in image seed URI \"\(uri)\": empty specification.") }
        multiImage = first.hasPrefix("images:")
        if multiImage { first = PythonSplitting.strip(String(first.dropFirst("images:".count))) }
        let adapterMode = first.hasPrefix("adapter:")
        if adapterMode { first = PythonSplitting.strip(String(first.dropFirst("adapter:".count))) }
        let latentsMode = first.hasPrefix("latents:")
        if latentsMode { first = PythonSplitting.strip(String(first.dropFirst("latents:".count))) }
        if !adapterMode && !latentsMode { images = [] }
        if adapterMode { adapterImages = [] }
        if latentsMode { latents = [] }
        let firstParts: [String]
        do {
            firstParts = try TokenizedSplit.split(first, Self.splitOptions(",", removeQuotes: true)).map(PythonSplitting.strip)
        } catch {
            throw Failure("Parsing error in image seed URI \"\(uri)\": \(PythonSplitting.strip(error.message))")
        }
        for part in firstParts {
            if adapterMode {
                adapterImages?.append(part.split(separator: "+").map { PythonSplitting.strip(String($0)) })
            } else if latentsMode {
                guard Self.isTensorFile(part) else { throw Failure("Latent file \"\(part)\" must be a tensor file (.pt, .pth, or .safetensors).") }
                guard exists(part) else { throw Failure("Latent tensor file \"\(part)\" does not exist.") }
                latents?.append(part)
            } else {
                guard exists(part) else {
                    let title = !multiImage && firstParts.count > 1 ? "Control image" : "Image seed"
                    throw Failure("\(title) file \"\(part)\" does not exist.")
                }
                images?.append(part)
            }
        }
        if adapterMode || latentsMode { images = nil }
        for var part in parts.dropFirst() {
            guard !part.isEmpty else {
                throw Failure("Missing inpaint mask image or output size specification, check image seed syntax, stray semicolon?")
            }
            if let batchMasks = try legacyMasks(part, exists: exists) {
                masks = batchMasks
                continue
            }
            if Self.isQuoted(part), let unquoted = try? ShellWords.unquote(part, escapesInQuoted: true) { part = unquoted }
            if exists(part) {
                masks = [part]
                continue
            }
            guard case .success(let dimensions) = Self.size(part) else { throw Failure("Inpaint mask file \"\(part)\" does not exist.") }
            let aligned = try Self.alignedResize(dimensions)
            guard resize == nil else { throw Failure("Resize resolution argument defined multiple times.") }
            resize = aligned
        }
        try checkLegacyCounts()
    }

    /// Masks for an `images:` batch in one legacy part (`m.png` or `m1.png, m2.png`); nil when
    /// the part is not that (then it is a single mask or a size).
    func legacyMasks(_ part: String, exists: (String) -> Bool) throws(Failure) -> [String]? {
        guard multiImage, let images, !images.isEmpty else { return nil }
        guard let found = try? TokenizedSplit.split(part, Self.splitOptions(",", removeQuotes: true, strict: true)) else { return nil }
        guard found.count == 1 || found.count == images.count else {
            throw Failure("Must specify one inpaint mask for multiple seed images, or a mask for each seed image.")
        }
        guard found.allSatisfy(exists) else { return nil }
        return found.count == 1 ? Array(repeating: found[0], count: images.count) : found
    }

    func checkLegacyCounts() throws(Failure) {
        if multiImage && (images ?? []).isEmpty {
            throw Failure("Must specify at least one file when using the \"images: ...\" image seed syntax, no files were specified.")
        }
        if let adapterImages {
            if adapterImages.isEmpty {
                throw Failure("Must specify at least one file when using the \"adapter: ...\" image seed syntax, no files were specified.")
            }
            if resize != nil || masks != nil {
                throw Failure("Cannot use resize resolution or inpaint mask syntax with IP adapter only image seed input.")
            }
        }
        if let latents {
            if latents.isEmpty {
                throw Failure("Must specify at least one file when using the \"latents: ...\" image seed syntax, no files were specified.")
            }
            if resize != nil || masks != nil {
                throw Failure("Cannot use resize resolution or inpaint mask syntax with latents only image seed input.")
            }
        }
        if let images, images.count > 1, masks != nil, !multiImage {
            throw Failure("Cannot use multiple image inputs with inpaint masks without using the \"images:\" syntax.\"")
        }
        if let masks, masks.count > (images ?? []).count {
            throw Failure("There cannot be more \"mask\" images than image seed image inputs.")
        }
    }
}

import Templating

/// The keyword form of an image seed (`image;mask=m.png;resize=512;aspect=false`): the seed's
/// concept and its `name=value` arguments, as the reference's concept URI parser reads them
/// (`mask`, `control` and `latents` take comma-separated lists; `adapter` is taken raw).
extension ImageSeedURI {
    /// The value of one argument: one item, or a list.
    enum ArgumentValue {
        case one(String)
        case list([String])

        var items: [String] {
            switch self {
            case .one(let item): [item]
            case .list(let items): items
            }
        }
    }

    static let listArguments: Set<String> = ["control", "mask", "latents"]

    /// The concept and its arguments, with the reference's messages for malformed arguments.
    static func conceptArguments(_ uri: String) throws(Failure) -> (concept: String, arguments: [String: ArgumentValue]) {
        guard !PythonSplitting.strip(uri).isEmpty else { throw Failure("Error parsing Image Seed URI, URI was empty.") }
        let parts: [String]
        do {
            parts = try TokenizedSplit.split(uri, splitOptions(";"))
        } catch {
            throw Failure("Error parsing Image Seed URI \"\(uri)\": \(PythonSplitting.strip(error.message))")
        }
        var concept = parts.first ?? ""
        if isQuoted(concept) {
            do {
                concept = try ShellWords.unquote(concept, escapesInQuoted: true)
            } catch {
                throw Failure("Error parsing Image Seed concept name in URI \"\(uri)\": \(PythonSplitting.strip(error.message))")
            }
        }
        var arguments: [String: ArgumentValue] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let first = pair.first, !first.isEmpty else {
                throw Failure("Error parsing path arguments for Image Seed concept \"\(concept)\", Empty argument space, stray \";\" delimiter?")
            }
            let name = PythonSplitting.strip(first)
            guard keywords.contains(name) else {
                throw Failure("Unknown path argument \"\(name)\" for Image Seed concept \"\(concept)\", valid arguments: \(keywords.sorted().joined(separator: ", "))")
            }
            guard pair.count == 2 else {
                throw Failure("Error parsing path arguments for Image Seed concept \"\(concept)\", missing value assignment for argument \(first).")
            }
            guard arguments[name] == nil else { throw Failure("Duplicate argument \"\(name)\" provided for Image Seed concept \"\(concept)\".") }
            let missing = Failure("Syntax error parsing argument \"\(name)\" for Image Seed concept \"\(concept)\", missing assignment value.")
            do {
                if name == "adapter" {
                    arguments[name] = .one(pair[1])
                } else if listArguments.contains(name) {
                    let items = try TokenizedSplit.split(pair[1], splitOptions(",", removeQuotes: true, strict: true))
                    if items.count > 1 {
                        arguments[name] = .list(items)
                    } else if let item = items.first, !item.isEmpty {
                        arguments[name] = .one(item)
                    } else {
                        throw missing
                    }
                } else {
                    guard !PythonSplitting.strip(pair[1]).isEmpty else { throw missing }
                    arguments[name] = .one(try ShellWords.unquote(pair[1], escapesInQuoted: true))
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                let message = (error as? TokenizedSplit.SyntaxError)?.message ?? "\(error)"
                throw Failure("Syntax error parsing argument \"\(name)\" for Image Seed concept \"\(concept)\": \(PythonSplitting.strip(message))")
            }
        }
        return (concept, arguments)
    }

    mutating func readKeywordForm(_ uri: String, exists: (String) -> Bool) throws(Failure) {
        let (concept, arguments) = try Self.conceptArguments(uri)
        func ensure(_ path: String, _ title: String) throws(Failure) {
            guard exists(path) else { throw Failure("\(title) file \"\(path)\" does not exist.") }
        }
        func tensor(_ path: String) throws(Failure) {
            guard Self.isTensorFile(path) else { throw Failure("Latent file \"\(path)\" must be a tensor file (.pt, .pth, or .safetensors).") }
            try ensure(path, "Latent tensor")
        }
        let written = PythonSplitting.strip(concept)
        multiImage = written.hasPrefix("images:")
        var adaptersRead = false
        if written.hasPrefix("adapter:") {
            adaptersRead = true
            try readAdapters(PythonSplitting.strip(String(written.dropFirst("adapter:".count))))
            if (adapterImages ?? []).isEmpty {
                throw Failure("Must specify at least one file when using the \"adapter: ...\" image seed syntax, no files were specified.")
            }
        } else if written.hasPrefix("latents:") {
            let paths = try Self.strictList(PythonSplitting.strip(String(written.dropFirst("latents:".count))))
            guard !paths.isEmpty else {
                throw Failure("Must specify at least one file when using the \"latents: ...\" image seed syntax, no files were specified.")
            }
            for path in paths { try tensor(path) }
            latents = paths
        } else if multiImage {
            let paths = try Self.strictList(PythonSplitting.strip(String(written.dropFirst("images:".count))))
            guard !paths.isEmpty else {
                throw Failure("Must specify at least one file when using the \"images: ...\" image seed syntax, no files were specified.")
            }
            for path in paths { try ensure(path, "Image seed") }
            images = paths
        } else {
            let paths: [String]
            do {
                paths = try TokenizedSplit.split(written, Self.splitOptions(",", removeQuotes: true))
            } catch {
                throw Failure("Error parsing Image Seed URI \"\(uri)\": \(PythonSplitting.strip(error.message))")
            }
            for path in paths { try ensure(path, "Image seed") }
            images = paths
        }
        try readMasks(arguments["mask"], ensure: ensure)
        if let control = arguments["control"] {
            for path in control.items {
                if case .list = control, PythonSplitting.strip(path).isEmpty { throw Failure("Missing control image definition, stray comma?") }
                try ensure(path, "Control image")
            }
            controlImages = control.items
        }
        if let tensors = arguments["latents"] {
            for path in tensors.items {
                if case .list = tensors, PythonSplitting.strip(path).isEmpty { throw Failure("Missing latent tensor definition, stray comma?") }
                try tensor(path)
            }
            latents = tensors.items
        }
        if case .one(let adapter) = arguments["adapter"] {
            guard !adaptersRead else {
                throw Failure("IP adapter images already defined, cannot be defined again with the \"adapter\" uri argument.")
            }
            adaptersRead = true
            try readAdapters(adapter)
        }
        if case .one(let floyd) = arguments["floyd"] {
            if adaptersRead { throw Failure("Image seed IP adapter images not supported with floyd stage image.") }
            if latents != nil { throw Failure("Image seed latent tensors not supported with floyd stage image.") }
            try ensure(floyd, "Floyd image")
            if controlImages != nil { throw Failure("The image seed \"control\" argument cannot be used with the \"floyd\" argument.") }
            floydImage = floyd
        }
        try readSizing(arguments)
        if let images, let latents, images.count != latents.count {
            throw Failure("Number of images (\(images.count)) must equal number of latents (\(latents.count)) when both are provided. An equal batch size is required.")
        }
    }

    static func strictList(_ text: String) throws(Failure) -> [String] {
        do {
            return try TokenizedSplit.split(text, splitOptions(",", removeQuotes: true, strict: true)).map(PythonSplitting.strip)
        } catch {
            throw Failure("Error parsing Image Seed URI: \(PythonSplitting.strip(error.message))")
        }
    }

    mutating func readAdapters(_ text: String) throws(Failure) {
        let groups: [String]
        do {
            groups = try TokenizedSplit.split(text, Self.splitOptions(",", removeQuotes: true))
        } catch {
            throw Failure("Error parsing Image Seed URI: \(PythonSplitting.strip(error.message))")
        }
        adapterImages = []
        for group in groups {
            let stripped = PythonSplitting.strip(group)
            guard !stripped.isEmpty else { throw Failure("Missing adapter image definition, stray comma?") }
            adapterImages?.append(stripped.split(separator: "+").map { PythonSplitting.strip(String($0)) })
        }
    }

    mutating func readMasks(_ value: ArgumentValue?, ensure: (String, String) throws(Failure) -> Void) throws(Failure) {
        guard let value else {
            if images == nil, masks != nil { throw Failure("Cannot use \"mask\" image seed argument when the only input is IP adapter images.") }
            return
        }
        switch value {
        case .list(let paths):
            guard multiImage else {
                throw Failure("Cannot use multiple mask images without using the syntax: --image-seeds \"images: image1.png, image2.png;mask=mask1.png, mask2.png\"")
            }
            guard paths.count == (images ?? []).count else {
                throw Failure("Must specify one inpaint mask for multiple seed images, or a mask for each seed image.")
            }
            for path in paths { try ensure(path, "Inpaint mask") }
            masks = paths
        case .one(let path):
            try ensure(path, "Inpaint mask")
            masks = multiImage ? Array(repeating: path, count: (images ?? []).count) : [path]
        }
        if images == nil { throw Failure("Cannot use \"mask\" image seed argument when the only input is IP adapter images.") }
        if let masks, masks.count > (images ?? []).count {
            throw Failure("There cannot be more \"mask\" images than image seed image inputs.")
        }
    }

    mutating func readSizing(_ arguments: [String: ArgumentValue]) throws(Failure) {
        if case .one(let text) = arguments["resize"] {
            switch Self.size(text) {
            case .success(let size): resize = try Self.alignedResize(size)
            case .failure(let failure): throw Failure("Error parsing image seed \"resize\" argument: \(failure.message)")
            }
        }
        if case .one(let text) = arguments["align"] {
            guard let value = OptionValueType.int(text) else {
                throw Failure("Error parsing image seed \"align\" argument: invalid literal for int() with base 10: \(PythonString.repr(text)).")
            }
            guard value % 8 == 0 else { throw Failure("Image seed resize alignment \(value) is not divisible by 8.") }
            guard let aligned = Int(exactly: value), aligned > 0 else { throw Failure("Image seed resize alignment \(value) is out of range.") }
            align = aligned
        }
        if case .one(let text) = arguments["aspect"] {
            switch PythonSplitting.strip(text).lowercased() {
            case "true": aspect = true
            case "false": aspect = false
            default:
                throw Failure("Image seed aspect keyword argument must be a boolean value indicating if aspect correct resizing is enabled. received an un-parseable / non boolean value.")
            }
        }
        func frame(_ name: String) throws(Failure) -> Int? {
            guard case .one(let text) = arguments[name] else { return nil }
            guard let value = OptionValueType.int(text), let frame = Int(exactly: value) else {
                throw Failure("\(name.replacingOccurrences(of: "-", with: "_")) argument must be an integer.")
            }
            return frame
        }
        frameStart = try frame("frame-start")
        frameEnd = try frame("frame-end")
        if let frameStart, let frameEnd, frameStart > frameEnd {
            throw Failure("frame_start argument must be less than or equal to frame_end argument.")
        }
    }
}

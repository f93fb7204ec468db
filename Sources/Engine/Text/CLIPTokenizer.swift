import Foundation

/// CLIP's byte-level BPE tokenizer, as transformers' `CLIPTokenizer` tokenizes for Stable
/// Diffusion: the text cleaned (`TextCleanup`, ftfy's fixes that prompts meet), lower-cased,
/// split into words, numbers and punctuation runs, each word's UTF-8 bytes merged by the merge
/// ranks, then wrapped in `<|startoftext|>` ... `<|endoftext|>` and padded or cut to the
/// model's length.
public final class CLIPTokenizer: @unchecked Sendable {
    public let vocabulary: [String: Int]
    let ranks: [Pair: Int]
    public let startToken: Int
    public let endToken: Int
    public let padToken: Int
    public let maximumLength: Int
    /// Tokens added beside the vocabulary (textual inversions'), by id; matched whole in the
    /// text before it is cleaned, as transformers matches added tokens.
    public let added: [String: Int]
    private var cache: [String: [String]] = [:]
    private let lock = NSLock()

    struct Pair: Hashable {
        var first: String
        var second: String
    }

    static let startText = "<|startoftext|>", endText = "<|endoftext|>"

    /// A tokenizer from its vocabulary and merges (first merge first).
    public init(vocabulary: [String: Int], merges: [(String, String)], maximumLength: Int = 77, padText: String? = nil) throws(TokenizerError) {
        self.vocabulary = vocabulary
        var ranks: [Pair: Int] = [:]
        // a merge listed twice keeps its later rank, as transformers' dict(zip(...)) keeps it
        for (rank, merge) in merges.enumerated() {
            ranks[Pair(first: merge.0, second: merge.1)] = rank
        }
        self.ranks = ranks
        guard let start = vocabulary[Self.startText], let end = vocabulary[Self.endText] else {
            throw TokenizerError("the vocabulary has no \(Self.startText) or \(Self.endText) token")
        }
        startToken = start
        endToken = end
        padToken = padText.flatMap { vocabulary[$0] } ?? end
        self.maximumLength = maximumLength
        added = [:]
    }

    private init(_ base: CLIPTokenizer, added: [String: Int]) {
        vocabulary = base.vocabulary
        ranks = base.ranks
        (startToken, endToken, padToken, maximumLength) = (base.startToken, base.endToken, base.padToken, base.maximumLength)
        self.added = added
    }

    /// How many tokens there are (transformers' `len(tokenizer)`): the next added token's id.
    public var count: Int { Set(vocabulary.keys).union(added.keys).count }

    /// Whether `token` is in the vocabulary or added.
    public func contains(_ token: String) -> Bool { vocabulary[token] != nil || added[token] != nil }

    /// This tokenizer with `tokens` added, numbered from `count` on in order.
    public func adding(_ tokens: [String]) -> CLIPTokenizer {
        var added = self.added
        var next = count
        for token in tokens where !contains(token) && added[token] == nil {
            added[token] = next
            next += 1
        }
        return CLIPTokenizer(self, added: added)
    }

    /// A tokenizer from a model's `vocab.json` and `merges.txt`.
    public convenience init(vocabularyFile: String, mergesFile: String, maximumLength: Int = 77, padText: String? = nil) throws(TokenizerError) {
        let vocabulary: [String: Int]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: vocabularyFile))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TokenizerError("\(vocabularyFile): not a JSON object of tokens and numbers")
            }
            var table: [String: Int] = [:]
            for (token, number) in object {
                guard let number = number as? NSNumber else { throw TokenizerError("\(vocabularyFile): the token \"\(token)\" has no number") }
                table[token] = number.intValue
            }
            vocabulary = table
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError("\(vocabularyFile): \(error.localizedDescription)")
        }
        guard let text = try? String(contentsOfFile: mergesFile, encoding: .utf8) else {
            throw TokenizerError("\(mergesFile): cannot be read as UTF-8 text")
        }
        // the first line is a version header; transformers reads at most 48,894 merges
        var merges: [(String, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: " ")
            guard parts.count == 2 else { throw TokenizerError("\(mergesFile):\(number + 2): a merge is two symbols separated by a space") }
            merges.append((String(parts[0]), String(parts[1])))
            if merges.count == 49152 - 256 - 2 { break }
        }
        try self.init(vocabulary: vocabulary, merges: merges, maximumLength: maximumLength, padText: padText)
    }

    /// The token strings of a prompt (no start, end or padding).
    public func tokens(_ text: String) -> [String] {
        var result: [String] = []
        for (piece, isSpecial) in Self.splitSpecial(text, added: Array(added.keys)) {
            if isSpecial {
                result.append(piece)
                // a textual inversion of several vectors stands for all of them (diffusers'
                // `maybe_convert_prompt`)
                var index = 1
                while added[piece] != nil, added["\(piece)_\(index)"] != nil {
                    result.append("\(piece)_\(index)")
                    index += 1
                }
                continue
            }
            let cleaned = TextCleanup.clean(piece).lowercased()
            for word in Self.words(cleaned) {
                let symbols = String(String.UnicodeScalarView(word.utf8.map { ByteSymbols.symbol[Int($0)] }))
                result += bpe(symbols)
            }
        }
        return result
    }

    /// The ids the text encoder reads: start, the prompt's tokens (cut so that all fit),
    /// end, then padding to the model's length.
    public func encode(_ text: String) -> [Int] {
        let ids = tokens(text).map { vocabulary[$0] ?? added[$0] ?? endToken }
        var result = [startToken] + ids.prefix(maximumLength - 2) + [endToken]
        result += Array(repeating: padToken, count: max(0, maximumLength - result.count))
        return result
    }

    /// The text cut around the special and `added` tokens, which pass through whole (the
    /// earliest first, the longest of those starting together).
    static func splitSpecial(_ text: String, added: [String] = []) -> [(String, Bool)] {
        var pieces: [(String, Bool)] = []
        var rest = Substring(text)
        let whole = [startText, endText] + added.filter { !$0.isEmpty }
        while let range = whole.compactMap({ rest.range(of: $0) }).min(by: {
            $0.lowerBound < $1.lowerBound || ($0.lowerBound == $1.lowerBound && $0.upperBound > $1.upperBound)
        }) {
            if range.lowerBound > rest.startIndex { pieces.append((String(rest[..<range.lowerBound]), false)) }
            pieces.append((String(rest[range]), true))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { pieces.append((String(rest), false)) }
        return pieces
    }

    /// CLIP's pre-tokenizer pattern (`'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+`),
    /// scanned by hand: contractions, runs of letters, single digits, runs of anything else
    /// but whitespace.
    static func words(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var index = 0
        func isLetter(_ s: Unicode.Scalar) -> Bool {
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func isNumber(_ s: Unicode.Scalar) -> Bool {
            switch s.properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber: return true
            default: return false
            }
        }
        func word(_ start: Int, _ end: Int) -> String { String(String.UnicodeScalarView(scalars[start..<end])) }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace { index += 1; continue }
            if scalar == "'" {
                // the text is lower-cased already
                let contraction = ["s", "t", "re", "ve", "m", "ll", "d"].first { suffix in
                    let tail = Array(suffix.unicodeScalars)
                    return index + 1 + tail.count <= scalars.count && Array(scalars[(index + 1)..<(index + 1 + tail.count)]) == tail
                }
                if let contraction {
                    let end = index + 1 + contraction.unicodeScalars.count
                    words.append(word(index, end))
                    index = end
                    continue
                }
            }
            var end = index + 1
            if isLetter(scalar) {
                while end < scalars.count && isLetter(scalars[end]) { end += 1 }
            } else if !isNumber(scalar) {
                while end < scalars.count && !scalars[end].properties.isWhitespace && !isLetter(scalars[end]) && !isNumber(scalars[end]) { end += 1 }
            }
            words.append(word(index, end))
            index = end
        }
        return words
    }

    /// The BPE of one word's symbols, the last marked as the end of a word.
    func bpe(_ symbols: String) -> [String] {
        lock.lock()
        if let cached = cache[symbols] { lock.unlock(); return cached }
        lock.unlock()
        var word = symbols.map { String($0) }
        guard !word.isEmpty else { return [] }
        word[word.count - 1] += "</w>"
        while word.count > 1 {
            var best: (rank: Int, pair: Pair)? = nil
            for (a, b) in zip(word, word.dropFirst()) {
                let pair = Pair(first: a, second: b)
                if let rank = ranks[pair], rank < (best?.rank ?? Int.max) { best = (rank, pair) }
            }
            guard let (_, pair) = best else { break }
            var merged: [String] = []
            var index = 0
            while index < word.count {
                if index < word.count - 1 && word[index] == pair.first && word[index + 1] == pair.second {
                    merged.append(pair.first + pair.second)
                    index += 2
                } else {
                    merged.append(word[index])
                    index += 1
                }
            }
            word = merged
        }
        lock.lock()
        cache[symbols] = word
        lock.unlock()
        return word
    }
}

/// A tokenizer that cannot be built from its files.
public struct TokenizerError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// GPT-2's reversible map from bytes to printable characters, which byte-level BPE
/// vocabularies are written in.
enum ByteSymbols {
    static let symbol: [Unicode.Scalar] = {
        var printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        for byte in printable { table[byte] = Unicode.Scalar(UInt32(byte))! }
        var next = 256
        for byte in 0..<256 where !printable.contains(byte) {
            table[byte] = Unicode.Scalar(UInt32(next))!
            next += 1
            printable.append(byte)
        }
        return table
    }()
}

import Templating

/// A generated case as a tree of text pieces, so that a case that differs can be cut down to
/// the part that makes it differ.
final class Fragment {
    /// What a fragment stands for decides what it may be replaced by when the case is cut down.
    enum Role {
        /// An expression: replaceable by a smaller expression inside it, or by a plain literal.
        case expression
        /// A statement or a run of text: replaceable by nothing, or by a statement inside it.
        case statement
        /// Anything else (punctuation, names): never replaced.
        case fixed
    }

    enum Piece {
        case text(String)
        case child(Fragment)
    }

    var role: Role
    var pieces: [Piece]
    /// Simpler texts this fragment may become when the case is cut down (for expressions, a
    /// literal of the same kind).
    var fallbacks: [String]

    init(_ role: Role, _ pieces: [Piece], fallbacks: [String] = []) {
        self.role = role
        self.pieces = pieces
        self.fallbacks = fallbacks
    }

    /// A fragment that is only text.
    static func text(_ text: String, _ role: Role = .fixed, fallbacks: [String] = []) -> Fragment {
        Fragment(role, [.text(text)], fallbacks: fallbacks)
    }

    var rendered: String {
        var output = ""
        render(into: &output)
        return output
    }

    func render(into output: inout String) {
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .child(let child): child.render(into: &output)
            }
        }
    }

    /// This fragment and every fragment below it, parents first.
    var all: [Fragment] {
        var result = [self]
        for case .child(let child) in pieces { result += child.all }
        return result
    }

    /// The fragments directly below this one with the given role, looking through fixed ones.
    func descendants(_ role: Role) -> [Fragment] {
        var result: [Fragment] = []
        for case .child(let child) in pieces {
            if child.role == role { result.append(child) } else if child.role == .fixed { result += child.descendants(role) }
        }
        return result
    }

    /// What this fragment may be replaced by, smallest first.
    var replacements: [[Piece]] {
        switch role {
        case .fixed: return []
        case .statement:
            return [[]] + descendants(.statement).map { [.child($0)] }
        case .expression:
            return fallbacks.map { [.text($0)] } + descendants(.expression).map { [.child($0)] }
        }
    }
}

/// Cuts a differing case down: replaces fragments by simpler ones for as long as the case
/// still differs, trying each fragment in turn until no replacement keeps the difference.
enum Minimiser {
    static func minimise(_ root: Fragment, stillDiffers: (String) -> Bool, budget: Int = 400) {
        var tries = 0
        var changed = true
        while changed && tries < budget {
            changed = false
            for fragment in root.all where tries < budget {
                let original = fragment.pieces
                let originalText = fragment.rendered
                for candidate in fragment.replacements {
                    fragment.pieces = candidate
                    if fragment.rendered == originalText { continue }
                    tries += 1
                    if stillDiffers(root.rendered) {
                        changed = true
                        break
                    }
                    fragment.pieces = original
                    if tries >= budget { break }
                }
                if changed { break }
            }
        }
    }
}

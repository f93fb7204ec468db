import ConfigRuntime
/// dgenerate's time spans (`DGENERATE_WEB_CACHE_EXPIRY_DELTA`): `forever` (or nothing), else
/// `name=value` pairs separated by `;` with the names of Python's `timedelta`, e.g.
/// `days=1; seconds=30`.
enum TimeDelta {
    struct Failure: Error {
        var message: String
    }

    private static let seconds: [String: Double] = [
        "weeks": 604_800, "days": 86_400, "hours": 3_600, "minutes": 60, "seconds": 1,
        "milliseconds": 0.001, "microseconds": 0.000_001,
    ]

    /// The span in seconds; nil for forever.
    static func parse(_ text: String) throws(Failure) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "forever" { return nil }
        var total = 0.0
        var seen: Set<String> = []
        for part in trimmed.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw Failure(message: "timedelta: argument \"\(part.trimmingCharacters(in: .whitespaces))\" is not of the form name=value.")
            }
            guard let unit = seconds[pair[0]] else {
                throw Failure(message: "Unknown argument \"\(pair[0])\" for timedelta, valid arguments are: \(seconds.keys.sorted().joined(separator: ", "))")
            }
            guard seen.insert(pair[0]).inserted else {
                throw Failure(message: "Argument \"\(pair[0])\" for timedelta specified more than once.")
            }
            guard let value = Double(pair[1]), value.isFinite else {
                throw Failure(message: "Argument \"\(pair[0])\" must be a floating point value or integer.")
            }
            total += value * unit
        }
        return total
    }
}

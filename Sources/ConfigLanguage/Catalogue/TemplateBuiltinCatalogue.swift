/// Jinja2's built-in filters, tests and globals, as templates see them: each one's call form
/// and what it does, for hover and completion. (dgenerate's own template functions, which are
/// filters too, are in `FunctionCatalogue`.)
public enum TemplateBuiltinCatalogue {
    public struct Entry: Sendable {
        /// How it is written: `x | join(d='', attribute=None)`, `x is divisibleby(num)`.
        public let signature: String
        public let summary: String
    }

    /// Filters by name.
    public static let filters: [String: Entry] = table([
        ("abs", "abs", "The absolute value of a number."),
        ("attr", "attr(name)", "The attribute `name` of the value, never an item."),
        ("batch", "batch(linecount, fill_with=None)", "The items in lists of `linecount`, the last padded with `fill_with` when given."),
        ("capitalize", "capitalize", "The text with its first character upper case and the rest lower case."),
        ("center", "center(width=80)", "The text centred in a field of `width` characters."),
        ("count", "count", "The number of items (same as `length`)."),
        ("d", "d(default_value='', boolean=False)", "Short for `default`."),
        ("default", "default(default_value='', boolean=False)", "`default_value` when the value is undefined (or, with `boolean`, false)."),
        ("dictsort", "dictsort(case_sensitive=False, by='key', reverse=False)", "A dict's (key, value) pairs sorted by key or by value."),
        ("e", "e", "Short for `escape`."),
        ("escape", "escape", "The text with &, <, >, ' and \" as HTML entities (Markup)."),
        ("filesizeformat", "filesizeformat(binary=False)", "A byte count written readably (`13.0 kB`; powers of 1024 with `binary`)."),
        ("first", "first", "The first item."),
        ("float", "float(default=0.0)", "The value as a float, `default` when it does not convert."),
        ("forceescape", "forceescape", "Escapes the text even when it is already Markup."),
        ("format", "format(*args, **kwargs)", "printf-style formatting: `'%s-%d' | format('a', 1)`."),
        ("groupby", "groupby(attribute, default=None, case_sensitive=False)", "The items grouped by an attribute: (grouper, list) pairs."),
        ("indent", "indent(width=4, first=False, blank=False)", "Every line but the first (or also the first) indented by `width`."),
        ("int", "int(default=0, base=10)", "The value as an int, `default` when it does not convert."),
        ("items", "items", "A mapping's (key, value) pairs; nothing for undefined."),
        ("join", "join(d='', attribute=None)", "The items as text, joined by `d`."),
        ("last", "last", "The last item."),
        ("length", "length", "The number of items or characters."),
        ("list", "list", "The items as a list (a text's characters)."),
        ("lower", "lower", "The text in lower case."),
        ("map", "map(filter, *args) or map(attribute=name, default=None)", "Each item through a filter, or each item's attribute."),
        ("max", "max(case_sensitive=False, attribute=None)", "The largest item."),
        ("min", "min(case_sensitive=False, attribute=None)", "The smallest item."),
        ("pprint", "pprint", "The value pretty-printed, as Python's `pprint` writes it."),
        ("random", "random", "A random item."),
        ("reject", "reject(test, *args)", "The items for which the test fails."),
        ("rejectattr", "rejectattr(attribute, test, *args)", "The items whose attribute fails the test (or is false)."),
        ("replace", "replace(old, new, count=None)", "The text with `old` replaced by `new` (the first `count` times)."),
        ("reverse", "reverse", "The items or characters in reverse order."),
        ("round", "round(precision=0, method='common')", "The number rounded: 'common', 'ceil' or 'floor'."),
        ("safe", "safe", "Marks the text as safe: not escaped again."),
        ("select", "select(test, *args)", "The items for which the test passes."),
        ("selectattr", "selectattr(attribute, test, *args)", "The items whose attribute passes the test (or is true)."),
        ("slice", "slice(slices, fill_with=None)", "The items in `slices` columns."),
        ("sort", "sort(reverse=False, case_sensitive=False, attribute=None)", "The items sorted."),
        ("string", "string", "The value as text."),
        ("striptags", "striptags", "The text without SGML/XML tags, its white space collapsed."),
        ("sum", "sum(attribute=None, start=0)", "The sum of the items (or of their attribute)."),
        ("title", "title", "The text with each word capitalized."),
        ("tojson", "tojson(indent=None)", "The value as JSON, safe inside HTML."),
        ("trim", "trim(chars=None)", "The text without leading and trailing white space (or `chars`)."),
        ("truncate", "truncate(length=255, killwords=False, end='...', leeway=None)", "The text cut to `length` characters, ending with `end`."),
        ("unique", "unique(case_sensitive=False, attribute=None)", "The items without repeats, in order."),
        ("upper", "upper", "The text in upper case."),
        ("urlencode", "urlencode", "The text or mapping quoted for a URL."),
        ("urlize", "urlize(trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None)", "URLs in the text as links."),
        ("wordcount", "wordcount", "The number of words."),
        ("wordwrap", "wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)", "The text wrapped at `width`."),
        ("xmlattr", "xmlattr(autospace=True)", "A mapping as XML/HTML attributes."),
    ])

    /// Tests by name.
    public static let tests: [String: Entry] = table([
        ("boolean", "boolean", "True for True and False."),
        ("callable", "callable", "True for what can be called."),
        ("defined", "defined", "True when the variable is defined."),
        ("divisibleby", "divisibleby(num)", "True when the number divides by `num`."),
        ("eq", "eq(other)", "True when equal (also `==`, `equalto`)."),
        ("equalto", "equalto(other)", "Same as `eq`."),
        ("escaped", "escaped", "True for Markup (already escaped) text."),
        ("even", "even", "True for an even number."),
        ("false", "false", "True for False."),
        ("filter", "filter", "True when a filter of that name exists: `'upper' is filter`."),
        ("float", "float", "True for a float."),
        ("ge", "ge(other)", "True when greater or equal (also `>=`)."),
        ("gt", "gt(other)", "True when greater (also `>`, `greaterthan`)."),
        ("greaterthan", "greaterthan(other)", "Same as `gt`."),
        ("in", "in(seq)", "True when the value is in `seq`."),
        ("integer", "integer", "True for an int (not a bool)."),
        ("iterable", "iterable", "True for what can be iterated."),
        ("le", "le(other)", "True when less or equal (also `<=`)."),
        ("lower", "lower", "True for text in lower case."),
        ("lt", "lt(other)", "True when less (also `<`, `lessthan`)."),
        ("lessthan", "lessthan(other)", "Same as `lt`."),
        ("mapping", "mapping", "True for a dict or other mapping."),
        ("ne", "ne(other)", "True when not equal (also `!=`)."),
        ("none", "none", "True for None."),
        ("number", "number", "True for a number."),
        ("odd", "odd", "True for an odd number."),
        ("sameas", "sameas(other)", "True when it is the same object as `other`."),
        ("sequence", "sequence", "True for a sequence (text, list, tuple, dict)."),
        ("string", "string", "True for text."),
        ("test", "test", "True when a test of that name exists: `'odd' is test`."),
        ("true", "true", "True for True."),
        ("undefined", "undefined", "True when the variable is undefined."),
        ("upper", "upper", "True for text in upper case."),
        ("==", "==(other)", "Same as `eq`."),
        ("!=", "!=(other)", "Same as `ne`."),
        ("<", "<(other)", "Same as `lt`."),
        ("<=", "<=(other)", "Same as `le`."),
        (">", ">(other)", "Same as `gt`."),
        (">=", ">=(other)", "Same as `ge`."),
    ])

    /// Jinja2's globals by name.
    public static let globals: [String: Entry] = table([
        ("range", "range([start,] stop[, step])", "The integers from `start` (0) below `stop`, by `step`."),
        ("dict", "dict(**items)", "A dict of the keyword arguments."),
        ("lipsum", "lipsum(n=5, html=True, min=20, max=100)", "`n` paragraphs of random lorem ipsum text."),
        ("cycler", "cycler(*items)", "An object whose `next()` cycles through the items."),
        ("joiner", "joiner(sep=', ')", "A callable that returns '' the first time and `sep` after."),
        ("namespace", "namespace(**attributes)", "An object whose attributes `{% set ns.x = ... %}` can change from inside loops."),
    ])

    private static func table(_ rows: [(String, String, String)]) -> [String: Entry] {
        Dictionary(rows.map { ($0.0, Entry(signature: $0.1, summary: $0.2)) }, uniquingKeysWith: { first, _ in first })
    }
}

#!/usr/bin/env python3
"""Records where the reference dgenerate 5.0.0 splits scripts into statements.

For every script it prints, as JSON, the statements its line loop would execute, in order: the
line number it reports for each ("Error on line N") and the logical text handed to the directive
dispatcher. Nothing is executed: the dispatcher is replaced by a recorder. A syntax error that
stops the line loop itself (a template block the Jinja lexer rejects) is recorded as the last
entry, with its message.

Run it with the reference's Python (the virtualenv that ../shared/reference/install builds):

    ~/.cache/dgenerate-reference/bin/python record_statements.py OUT.json SCRIPT.dgen|CORPUS.json...

A CORPUS.json maps names to script texts (see generate_corpus.py).

The Swift tests compare the parser's statements with OUT.json.
"""
import io
import json
import os
import sys

import dgenerate.batchprocess.batchprocessor as bp


# version-check warnings are not statements; keep them out of the output
bp._messages.warning = lambda *args, **kwargs: None


def record(raw):
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        return None
    statements = []

    def recorder(self, line):
        statements.append({'line': self.current_line, 'text': line})
        return True

    processor = bp.BatchProcessor(invoker=lambda args: 0, name='dgenerate', version='5.0.0')
    processor._directive_handlers = recorder.__get__(processor)
    try:
        # the reference opens scripts in text mode: universal newlines
        processor.run_file(io.TextIOWrapper(io.BytesIO(raw), encoding='utf-8'))
    except bp.BatchProcessError as error:
        statements.append({'line': processor.current_line, 'error': str(error)})
    return statements


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    result = {}
    for path in paths:
        if path.endswith('.json'):
            # a corpus: {name: script text}
            with open(path, encoding='utf-8') as file:
                scripts = {name: text.encode('utf-8') for name, text in json.load(file).items()}
        else:
            with open(path, 'rb') as file:
                scripts = {path.rsplit('/', 1)[-1]: file.read()}
        for name, raw in scripts.items():
            statements = record(raw)
            if statements is not None:
                result[name] = statements
    with open(out, 'w', encoding='utf-8') as file:
        json.dump(result, file, indent=1, ensure_ascii=False, sort_keys=True)
        file.write('\n')


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Record TemplateSyntaxError messages and line numbers from the real Python Jinja2.

How to rerun (needs Python 3 with Jinja2 3.1.6; ``pip install jinja2==3.1.6``):

    cd Tests/ConfigLanguageTests/Fixtures/jinja
    python3 record_syntax_errors.py

It rewrites ``syntax_errors.json`` in this folder: a JSON list (stable order, UTF-8,
``ensure_ascii=False``, indent 1) of objects

    {name, template, type, stage, message, lineno}

* ``template``: a malformed template, given to a default ``jinja2.Environment()``;
* ``stage``: ``"parse"`` when ``Environment().parse(template)`` already raises (lexer and
  parser errors), ``"compile"`` when parsing succeeds and ``Environment().from_string``
  raises while compiling (unknown filters/tests, duplicate blocks, ...: these are
  ``TemplateAssertionError``, a subclass of ``TemplateSyntaxError``);
* ``type``: the exception class name (``TemplateSyntaxError`` or ``TemplateAssertionError``);
* ``message``: the exception's ``message`` attribute (the text without the location);
* ``lineno``: the exception's ``lineno`` (1-based).

The script exits with status 1 if a template does not raise, raises something other
than a TemplateSyntaxError, if a name is duplicated, or if there are fewer than 70 cases.
"""

import json
import os
import sys

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    # ---- unclosed blocks (the message names the innermost open block)
    ("unclosed_for", "{% for x in y %}"),
    ("unclosed_for_with_body", "{% for x in y %}{{ x }}"),
    ("unclosed_if", "{% if x %}"),
    ("unclosed_if_after_else", "{% if x %}a{% else %}b"),
    ("unclosed_if_after_elif", "{% if x %}a{% elif y %}b"),
    ("unclosed_for_after_else", "{% for x in y %}a{% else %}b"),
    ("unclosed_macro", "{% macro m() %}body"),
    ("unclosed_call", "{% call m() %}body"),
    ("unclosed_filter", "{% filter upper %}body"),
    ("unclosed_with", "{% with a = 1 %}body"),
    ("unclosed_block", "{% block b %}body"),
    ("unclosed_set_block", "{% set x %}body"),
    ("unclosed_autoescape", "{% autoescape true %}body"),
    ("unclosed_if_inside_for", "{% for x in y %}{% if x %}{% endfor %}"),
    ("unclosed_for_inside_if", "{% if x %}{% for y in z %}"),
    ("unclosed_outer_for_multiline", "{% for a in b %}\n{% for c in d %}\n{% endfor %}\n"),
    ("unclosed_if_in_macro", "{% macro m() %}{% if x %}{% endmacro %}"),
    ("unclosed_three_deep", "{% if a %}{% for b in c %}{% with d = 1 %}"),
    ("unclosed_raw", "{% raw %}abc"),
    ("unclosed_raw_multiline", "{% raw %}\n\n\nx"),
    ("unclosed_comment", "{# comment"),
    ("unclosed_comment_multiline", "a\n{# multi\nline\ncomment"),
    ("unclosed_variable", "{{ x"),
    ("unclosed_variable_text_after", "{{ x and some text"),
    ("unclosed_block_tag", "{% if x"),
    ("block_tag_closed_by_var_end", "{% if x }}{% endif %}"),
    ("var_closed_by_block_end", "{{ x %}"),
    ("block_tag_single_percent", "{% set x = 1 %"),
    # ---- unexpected end tags and misplaced clauses
    ("endfor_alone", "{% endfor %}"),
    ("endif_alone", "{% endif %}"),
    ("endif_inside_for", "{% for x in y %}{% endif %}{% endfor %}"),
    ("endfor_inside_if", "{% if x %}{% endfor %}{% endif %}"),
    ("endmacro_alone", "{% endmacro %}"),
    ("endblock_alone", "{% endblock %}"),
    ("endraw_alone", "{% endraw %}"),
    ("endset_alone", "{% endset %}"),
    ("endwith_alone", "{% endwith %}"),
    ("endcall_alone", "{% endcall %}"),
    ("endfilter_alone", "{% endfilter %}"),
    ("else_alone", "{% else %}"),
    ("elif_alone", "{% elif x %}"),
    ("elif_in_for", "{% for x in y %}{% elif z %}{% endfor %}"),
    ("else_twice_in_if", "{% if x %}{% else %}{% else %}{% endif %}"),
    ("elif_after_else", "{% if x %}{% else %}{% elif y %}{% endif %}"),
    ("else_twice_in_for", "{% for x in y %}{% else %}{% else %}{% endfor %}"),
    ("endblock_wrong_name", "{% block a %}{% endblock b %}"),
    ("endif_with_expression", "{% if x %}{% endif x %}"),
    ("endblock_inside_for", "{% block a %}{% for x in y %}{% endblock %}"),
    ("endmacro_with_name", "{% macro m() %}{% endmacro m %}"),
    ("endfor_inside_with", "{% with %}{% endfor %}"),
    # ---- unknown tags (including tags that need an extension)
    ("unknown_tag", "{% foo %}"),
    ("unknown_end_tag", "{% endfoo %}"),
    ("unknown_tag_in_for", "{% for x in y %}{% foo %}{% endfor %}"),
    ("unknown_tag_in_if", "{% if x %}{% foo %}{% endif %}"),
    ("empty_tag", "{% %}"),
    ("tag_is_number", "{% 1 %}"),
    ("tag_do", "{% do x.append(1) %}"),
    ("tag_break", "{% for x in y %}{% break %}{% endfor %}"),
    ("tag_trans", "{% trans %}x{% endtrans %}"),
    # ---- bad expressions
    ("expr_trailing_plus", "{{ 1 + }}"),
    ("expr_open_tuple", "{{ (1, }}"),
    ("expr_two_names", "{{ a b }}"),
    ("expr_two_numbers", "{{ 1 2 }}"),
    ("expr_empty", "{{ }}"),
    ("expr_unclosed_list", "{{ [1, 2 }}"),
    ("expr_dict_missing_colon", "{{ {'a' 1} }}"),
    ("expr_dict_missing_value", "{{ {'a': } }}"),
    ("expr_dot_at_end", "{{ a. }}"),
    ("expr_dot_operator", "{{ a.+ }}"),
    ("expr_double_dot", "{{ a..b }}"),
    ("expr_unclosed_subscript", "{{ a[ }}"),
    ("expr_pipe_nothing", "{{ a| }}"),
    ("expr_pipe_number", "{{ a|1 }}"),
    ("expr_is_nothing", "{{ a is }}"),
    ("expr_positional_after_keyword", "{{ f(a=1, 2) }}"),
    ("expr_star_after_starstar", "{{ f(**a, *b) }}"),
    ("expr_unterminated_string", "{{ 'abc }}"),
    ("expr_unterminated_string_mixed", "{{ \"abc' }}"),
    ("expr_if_without_condition", "{{ 1 if }}"),
    ("expr_else_without_value", "{{ 1 if x else }}"),
    ("expr_not_alone", "{{ not }}"),
    ("expr_eq_without_right", "{{ a == }}"),
    ("expr_assignment_in_print", "{{ a = 1 }}"),
    ("expr_at_sign", "{{ @ }}"),
    ("expr_dollar", "{{ a $ b }}"),
    ("expr_close_paren", "{{ ) }}"),
    ("expr_unclosed_paren", "{{ (1 }}"),
    ("expr_unclosed_call", "{{ a|default( }}"),
    ("expr_slice_too_many_colons", "{{ x[1:2:3:4] }}"),
    ("expr_leading_zero_int", "{{ 08 }}"),
    ("expr_int_trailing_underscore", "{{ 1__0 }}"),
    ("expr_closing_brace_alone", "{{ x } }"),
    ("expr_plus_before_close", "{{+ x +}}"),
    ("expr_semicolon", "{{ a; b }}"),
    ("expr_lone_brace_close", "{{ } }}"),
    ("expr_bang", "{{ !a }}"),
    ("expr_and_without_right", "{{ a and }}"),
    ("expr_not_in_incomplete", "{{ a not }}"),
    ("expr_kwarg_is_expression", "{{ f(a.b=1) }}"),
    ("expr_ternary_python_style", "{{ a ? b : c }}"),
    # ---- bad assignment targets and statement syntax
    ("set_to_number", "{% set 1 = 2 %}"),
    ("set_to_string", "{% set 'a' = 1 %}"),
    ("set_to_expression", "{% set a + b = 1 %}"),
    ("set_dotted_two_levels", "{% set a.b.c = 1 %}"),
    ("set_subscript_target", "{% set a[0] = 1 %}"),
    ("set_missing_value", "{% set a = %}"),
    ("set_missing_target", "{% set = 1 %}"),
    ("set_chained_assignment", "{% set a = b = 1 %}"),
    ("set_block_with_value", "{% set a = 1 %}x{% endset %}"),
    ("for_number_target", "{% for 1 in x %}{% endfor %}"),
    ("for_dotted_target", "{% for a.b in x %}{% endfor %}"),
    ("for_missing_iterable", "{% for x in %}{% endfor %}"),
    ("for_missing_in", "{% for x y %}{% endfor %}"),
    ("for_recursive_junk", "{% for x in y recursive foo %}{% endfor %}"),
    ("for_if_without_condition", "{% for x in y if %}{% endfor %}"),
    ("if_without_condition", "{% if %}{% endif %}"),
    ("with_number_target", "{% with 1 = 2 %}{% endwith %}"),
    ("with_missing_value", "{% with a %}{% endwith %}"),
    ("macro_number_name", "{% macro 1() %}{% endmacro %}"),
    ("macro_default_before_positional", "{% macro m(a=1, b) %}{% endmacro %}"),
    ("macro_number_param", "{% macro m(1) %}{% endmacro %}"),
    ("macro_missing_parens", "{% macro m %}{% endmacro %}"),
    ("call_without_call_expr", "{% call m %}{% endcall %}"),
    ("filter_block_without_filter", "{% filter %}{% endfilter %}"),
    ("include_without_template", "{% include %}"),
    ("extends_without_template", "{% extends %}"),
    ("import_without_as", "{% import 'a' %}"),
    ("from_import_nothing", "{% from 'a' import %}"),
    ("from_without_import", "{% from 'a' %}"),
    ("block_without_name", "{% block %}{% endblock %}"),
    ("block_name_is_string", "{% block 'a' %}{% endblock %}"),
    ("autoescape_without_value", "{% autoescape %}{% endautoescape %}"),
    ("include_ignore_without_missing", "{% include 'a' ignore %}"),
    # ---- compile-time assertion errors
    ("unknown_filter", "{{ x|nosuchfilter }}"),
    ("unknown_test", "{{ x is nosuchtest }}"),
    ("unknown_filter_in_filter_block", "{% filter nosuchfilter %}x{% endfilter %}"),
    ("block_defined_twice", "{% block a %}{% endblock %}{% block a %}{% endblock %}"),
    ("block_nested_same_name", "{% block a %}{% block a %}{% endblock %}{% endblock %}"),
    ("import_private_name", "{% from 'a' import _x %}"),
    ("unknown_filter_line5", "1\n2\n3\n4\n{{ x|nosuchfilter }}"),
    ("unknown_filter_after_map", "{{ x|map('upper')|nosuch }}"),
    # ---- errors on later lines
    ("line3_trailing_plus", "line1\nline2\n{{ 1 + }}"),
    ("line5_endif_alone", "a\nb\nc\nd\n{% endif %}"),
    ("line6_endif_in_for", "{% for x in y %}\n\n\n\n\n{% endif %}"),
    ("eof_line4_unclosed_if_last_token_starts_line4", "{% if a %}\n{% for b in c %}\n{{ b }}\n{% endfor %}\n"),
    ("line7_unknown_tag", "1\n2\n3\n4\n5\n6\n{% foo %}"),
    ("line8_bad_char", "1\n2\n3\n4\n5\n6\n7\n{{ @ }}"),
    ("line3_macro_params", "{% macro m(a,\n b=1,\n c) %}{% endmacro %}"),
    ("line4_unclosed_list", "{% set x = [\n1,\n2\n%}"),
    ("line4_expr_over_lines", "a\n{{ x\n+\n}}"),
    ("line3_string_over_lines", "{{ 'a\nb\nc' ~ }}"),
    ("line2_crlf", "a\r\n{{ 1 + }}"),
    ("line3_crlf", "a\r\nb\r\n{% endfor %}"),
    ("line4_else_misplaced", "{% for x in y %}\n{{ x }}\n{% endfor %}\n{% else %}"),
    ("eof_line1_unclosed_for_text_token_starts_line1", "{% for x in y %}\n1\n2\n3\n4\n5\n6\n7\n8"),
    ("line2_unknown_test", "ok\n{{ 1 is nosuchtest }}"),
    ("line6_with_text_between", "<ul>\n{% for i in items %}\n  <li>{{ i }}</li>\n{% endfor %}\n</ul>\n{% endif %}"),
    ("line3_whitespace_control", "a\n{%- if x -%}\n{%- endfor -%}"),
    ("line4_unterminated_string", "1\n2\n3\n{{ 'oops }}"),
    ("line2_unclosed_comment_after_text", "text\n{# never closed"),
    ("line3_raw_then_error", "{% raw %}{% foo %}{% endraw %}\n\n{% foo %}"),
]

MIN_CASES = 70


def record(name, template):
    env = jinja2.Environment()
    stage = "parse"
    try:
        env.parse(template)
        stage = "compile"
        env.from_string(template)
    except jinja2.TemplateSyntaxError as exc:
        return {
            "name": name,
            "template": template,
            "type": type(exc).__name__,
            "stage": stage,
            "message": exc.message,
            "lineno": exc.lineno,
        }
    except Exception as exc:  # noqa: BLE001
        raise SystemExit("case %s raised %s: %s" % (name, type(exc).__name__, exc))
    raise SystemExit("case %s did not raise" % name)


def main():
    names = [n for n, _ in CASES]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate case names")
    if len(CASES) < MIN_CASES:
        raise SystemExit("only %d cases" % len(CASES))
    records = [record(n, t) for n, t in CASES]
    with open(os.path.join(HERE, "syntax_errors.json"), "w", encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print("wrote syntax_errors.json: %d cases" % len(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())

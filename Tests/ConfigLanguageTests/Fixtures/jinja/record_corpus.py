#!/usr/bin/env python3
"""Record the Jinja2 differential test corpus from the real Python Jinja2.

How to rerun (needs Python 3 with Jinja2 3.1.6 and MarkupSafe; ``pip install jinja2==3.1.6``):

    cd Tests/ConfigLanguageTests/Fixtures/jinja
    python3 record_corpus.py

It rewrites, in this folder:

* ``corpus.json``: a JSON list (stable order, UTF-8, ``ensure_ascii=False``, indent 1)
  of objects ``{name, template, context, [loader], output | error}``:

  - ``name``: short unique case name (the prefix is the section: lit_, print_,
    op_, f_ (filter), t_ (test), stmt_, loop_, macro_, glob_, meth_, undef_, err_, ws_,
    load_, ...);
  - ``template``: the template source, given to ``Environment().from_string``;
  - ``context``: the JSON object passed to ``render`` (JSON numbers with a fraction or
    an exponent, e.g. ``2.0``, are Python floats; the others are ints);
  - ``loader`` (only in a few cases): an object {template name: source} used as a
    ``jinja2.DictLoader`` for ``extends``/``include``/``import``; all other cases
    run with no loader at all;
  - ``output``: the rendered string, or
  - ``error``: ``{"type": exception class name, "message": str(exception),
    "lineno": the exception's ``lineno`` attribute or null}``.  Compile-time errors
    (TemplateSyntaxError, TemplateAssertionError) carry a lineno; runtime errors
    (UndefinedError, TypeError, ZeroDivisionError, ...) have null.

  Every case uses a default ``jinja2.Environment()`` (no autoescape, default
  ``Undefined``, no extensions, trim_blocks/lstrip_blocks off, keep_trailing_newline
  off).

* ``coverage.md``: for every built-in filter, test, global, statement, operator,
  literal form and method, the corpus cases that use it, found by parsing each case's
  template with Jinja2 itself (``Environment().parse``) and walking the AST, plus a
  few source regexes for things the AST does not keep (raw, comments, whitespace
  control).  The script exits with status 1 if any entry of
  ``jinja2.filters.FILTERS``, ``jinja2.tests.TESTS``, the default globals or the
  statement/operator/literal/method lists below is not covered by at least one case
  that renders successfully, if a case name is duplicated, or if any recorded
  text looks non-deterministic (a memory address such as ``0x7f...``).

The output is deterministic: no random/lipsum text, no dates, no object addresses.
Running it twice gives byte-identical files.
"""

import json
import os
import re
import sys

import jinja2
from jinja2 import nodes

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = []
_NAMES = set()


def C(name, template, context=None, loader=None):
    if name in _NAMES:
        raise SystemExit(f"duplicate case name: {name}")
    _NAMES.add(name)
    case = {"name": name, "template": template, "context": context or {}}
    if loader is not None:
        case["loader"] = loader
    CASES.append(case)


USERS = [
    {"name": "alice", "age": 30, "city": "Paris", "active": True},
    {"name": "bob", "age": 25, "city": "Berlin", "active": False},
    {"name": "carol", "age": 35, "city": "Paris", "active": True},
    {"name": "dave", "age": 25, "city": "berlin", "active": True},
]
NUMS = {"nums": [3, 1, 4, 1, 5, 9, 2, 6]}
WORDS = {"words": ["banana", "Apple", "cherry", "apple"]}

# ---------------------------------------------------------------- literals
C("lit_int", "{{ 42 }}")
C("lit_int_zero", "{{ 0 }}")
C("lit_int_neg", "{{ -7 }}")
C("lit_int_underscore", "{{ 1_000_000 }}")
C("lit_int_hex", "{{ 0x1F }}")
C("lit_int_hex_upper", "{{ 0XfF }}")
C("lit_int_octal", "{{ 0o17 }}")
C("lit_int_binary", "{{ 0b1011 }}")
C("lit_int_binary_underscore", "{{ 0b1010_1010 }}")
C("lit_int_hex_underscore", "{{ 0xdead_beef }}")
C("lit_float", "{{ 1.5 }}")
C("lit_float_exp", "{{ 1e3 }}")
C("lit_float_exp_upper_neg", "{{ 1E-3 }}")
C("lit_float_exp_plus", "{{ 2.5e+2 }}")
C("lit_float_underscore", "{{ 1_0.2_5 }}")
C("lit_float_two", "{{ 2.0 }}")
C("lit_str_single", "{{ 'hello' }}")
C("lit_str_double", '{{ "hello" }}')
C("lit_str_escape_newline", r"{{ 'a\nb' }}")
C("lit_str_escape_tab", r"{{ 'a\tb' }}")
C("lit_str_escape_quote", r"{{ 'it\'s' }}")
C("lit_str_escape_dquote", r'{{ "say \"hi\"" }}')
C("lit_str_escape_backslash", r"{{ 'a\\b' }}")
C("lit_str_escape_hex", r"{{ '\x41\x42' }}")
C("lit_str_escape_unicode", r"{{ '\u00e9t\u00e9' }}")
C("lit_str_unicode_raw", "{{ 'héllo wörld ✓' }}")
C("lit_str_mixed_quotes", "{{ \"it's\" ~ 'a \"q\"' }}")
C("lit_str_implicit_concat", "{{ 'foo' 'bar' \"baz\" }}")
C("lit_str_empty", "{{ '' }}|")
C("lit_str_multiline", "{{ 'a\nb' }}")
C("lit_true_lower", "{{ true }}")
C("lit_true_upper", "{{ True }}")
C("lit_false_lower", "{{ false }}")
C("lit_false_upper", "{{ False }}")
C("lit_none_lower", "{{ none }}")
C("lit_none_upper", "{{ None }}")
C("lit_list", "{{ [1, 'a'] }}")
C("lit_list_empty", "{{ [] }}")
C("lit_list_nested", "{{ [[1, 2], [3, [4]]] }}")
C("lit_list_trailing_comma", "{{ [1, 2,] }}")
C("lit_tuple_one", "{{ (1,) }}")
C("lit_tuple_two", "{{ (1, 'b') }}")
C("lit_tuple_empty", "{{ () }}")
C("lit_tuple_bare", "{% set t = 1, 2 %}{{ t }}")
C("lit_paren_not_tuple", "{{ (1) }}")
C("lit_dict", "{{ {'a': 1, 'b': [1, 2]} }}")
C("lit_dict_empty", "{{ {} }}")
C("lit_dict_int_keys", "{{ {1: 'x', 2: 'y'}[2] }}")
C("lit_dict_trailing_comma", "{{ {'a': 1,} }}")
C("lit_dict_insertion_order", "{{ {'b': 1, 'a': 2} }}")
C("lit_list_of_none_bools", "{{ [1.0, none, true, false] }}")

# ---------------------------------------------------------------- printing (Python str())
C("print_float_tenth", "{{ 0.1 }}")
C("print_float_sum", "{{ 0.1 + 0.2 }}")
C("print_float_small_exp", "{{ 1e-05 }}")
C("print_float_0001", "{{ 0.0001 }}")
C("print_float_big_exp", "{{ 1e16 }}")
C("print_float_1e15", "{{ 1e15 }}")
C("print_float_inf", "{{ 1e400 }}")
C("print_float_neg_inf", "{{ -1e400 }}")
C("print_float_nan", "{{ 1e400 - 1e400 }}")
C("print_float_neg_zero", "{{ -0.0 }}")
C("print_float_two", "{{ 2.0 }}")
C("print_float_third", "{{ 1 / 3 }}")
C("print_float_two_thirds", "{{ 2 / 3 }}")
C("print_float_big", "{{ 123456789.123 }}")
C("print_float_pi", "{{ 3.141592653589793 }}")
C("print_float_12digits", "{{ 1234567890123456789.0 }}")
C("print_float_tiny", "{{ 5e-324 }}")
C("print_float_max", "{{ 1.7976931348623157e308 }}")
C("print_int_div_int", "{{ 4 / 2 }}")
C("print_bigint_pow", "{{ 2 ** 100 }}")
C("print_bigint_floordiv", "{{ 10 ** 30 // 7 }}")
C("print_bigint_mul", "{{ 99999999999 * 99999999999 }}")
C("print_bigint_neg", "{{ -(2 ** 64) }}")
C("print_bigint_mod", "{{ 2 ** 100 % 1000007 }}")
C("print_floordiv_neg", "{{ -7 // 2 }}")
C("print_mod_neg_left", "{{ -7 % 3 }}")
C("print_mod_neg_right", "{{ 7 % -3 }}")
C("print_floordiv_neg_right", "{{ 7 // -2 }}")
C("print_float_floordiv", "{{ 7.5 // 2 }}")
C("print_float_mod_neg", "{{ -7.5 % 2 }}")
C("print_str", "{{ s }}", {"s": "plain text"})
C("print_list_mixed", "{{ v }}", {"v": [1, "a"]})
C("print_list_nested", "{{ v }}", {"v": [[1, [2]], ["x"]]})
C("print_list_str_with_quote", "{{ ['a\\'b'] }}")
C("print_list_str_with_both_quotes", "{{ v }}", {"v": ["a\"b'c"]})
C("print_list_str_newline", "{{ v }}", {"v": ["a\nb", "t\tx"]})
C("print_list_unicode", "{{ v }}", {"v": ["é", "✓"]})
C("print_list_backslash", "{{ v }}", {"v": ["a\\b"]})
C("print_list_floats", "{{ v }}", {"v": [1.0, 0.5, 1e-07, 1e20]})
C("print_dict", "{{ v }}", {"v": {"a": 1, "b": "x"}})
C("print_dict_nested", "{{ v }}", {"v": {"a": {"b": [1, None, True]}}})
C("print_dict_str_values", "{{ v }}", {"v": {"k": "it's"}})
C("print_none", "{{ v }}", {"v": None})
C("print_true", "{{ v }}", {"v": True})
C("print_false", "{{ v }}", {"v": False})
C("print_ctx_float", "{{ v }}", {"v": 2.0})
C("print_ctx_float_exp", "{{ v }}", {"v": 1e-05})
C("print_ctx_neg_int", "{{ v }}", {"v": -3})
C("print_ctx_big_int", "{{ v }}", {"v": 12345678901234567890})
C("print_undefined_empty", "[{{ missing }}]")
C("print_range", "{{ range(3) }}")
C("print_range_step", "{{ range(1, 10, 3) }}")
C("print_tuple_in_list", "{{ [(1, 2), (3,)] }}")
C("print_multiple_values", "{{ 1 }}{{ 'a' }}{{ none }}{{ [] }}")
C("print_text_only", "just text, no tags")
C("print_empty_template", "")

# ---------------------------------------------------------------- arithmetic operators
C("op_add_int", "{{ 1 + 2 }}")
C("op_add_float", "{{ 1.5 + 2 }}")
C("op_add_str", "{{ 'a' + 'b' }}")
C("op_add_list", "{{ [1] + [2, 3] }}")
C("op_add_tuple", "{{ (1,) + (2,) }}")
C("op_add_bool_int", "{{ true + 1 }}")
C("op_sub", "{{ 10 - 3 }}")
C("op_sub_float", "{{ 0.3 - 0.1 }}")
C("op_sub_negative_result", "{{ 3 - 10 }}")
C("op_mul", "{{ 6 * 7 }}")
C("op_mul_str", "{{ 'ab' * 3 }}")
C("op_mul_str_left_int", "{{ 3 * 'ab' }}")
C("op_mul_list", "{{ [0] * 3 }}")
C("op_mul_str_zero", "[{{ 'ab' * 0 }}]")
C("op_mul_float", "{{ 1.1 * 3 }}")
C("op_div", "{{ 7 / 2 }}")
C("op_div_exact", "{{ 6 / 3 }}")
C("op_div_float", "{{ 1.0 / 4 }}")
C("op_floordiv", "{{ 7 // 2 }}")
C("op_floordiv_float", "{{ 7.0 // 2 }}")
C("op_mod", "{{ 7 % 3 }}")
C("op_mod_float", "{{ 5.5 % 2 }}")
C("op_mod_str_format", "{{ '%s-%d' % ('a', 3) }}")
C("op_mod_str_format_single", "{{ 'n=%s' % 5 }}")
C("op_mod_str_format_float", "{{ '%.2f' % 3.14159 }}")
C("op_mod_str_format_pad", "{{ '[%5s|%-5s]' % ('a', 'b') }}")
C("op_mod_str_format_dict", "{{ '%(a)s+%(b)s' % {'a': 1, 'b': 2} }}")
C("op_pow", "{{ 2 ** 10 }}")
C("op_pow_neg_exp", "{{ 2 ** -1 }}")
C("op_pow_float", "{{ 2 ** 0.5 }}")
C("op_pow_left_assoc", "{{ 2 ** 3 ** 2 }}")
C("op_pow_unary_minus", "{{ -2 ** 2 }}")
C("op_pow_zero_zero", "{{ 0 ** 0 }}")
C("op_concat", "{{ 1 ~ 2 }}")
C("op_concat_str", "{{ 'a' ~ 'b' ~ 'c' }}")
C("op_concat_none", "{{ none ~ 'x' }}")
C("op_concat_list", "{{ [1] ~ 'a' }}")
C("op_concat_bool", "{{ true ~ false }}")
C("op_concat_float", "{{ 1.0 ~ '' }}")
C("op_concat_undefined", "{{ missing ~ 'x' }}")
C("op_precedence_mul_add", "{{ 1 + 2 * 3 }}")
C("op_precedence_parens", "{{ (1 + 2) * 3 }}")
C("op_precedence_concat_add", "{{ 1 ~ 2 + 3 }}")
C("op_precedence_div_mul", "{{ 8 / 2 * 4 }}")
C("op_precedence_sub_left", "{{ 10 - 3 - 2 }}")
C("op_precedence_mod_mul", "{{ 7 % 4 * 3 }}")
C("op_precedence_mul_before_concat", "{{ 2 * 3 ~ 4 }}")
C("op_precedence_concat_then_mul", "{{ 'a' ~ 2 * 3 }}")
C("op_precedence_concat_chain", "{{ 1 ~ 2 ~ 3 }}")
C("op_precedence_concat_before_add_parens", "{{ 'n' ~ (1 + 2) }}")
C("op_precedence_compare_after_concat", "{{ 1 ~ 2 == '12' }}")
C("op_precedence_pow_before_mul", "{{ 2 * 3 ** 2 }}")
C("op_precedence_unary_minus_pow_parens", "{{ -(2 ** 2) }}")
C("op_unary_minus_var", "{{ -x }}", {"x": 5})
C("op_unary_plus", "{{ +x }}", {"x": -5})
C("op_unary_plus_literal", "{{ +3 }}|{{ +-3 }}")
C("op_unary_double_minus", "{{ - -3 }}")
C("op_filter_binds_tighter_than_minus", "{{ -3|abs }}")
C("op_filter_binds_tighter_than_mul", "{{ 2 * 3|string }}")
C("op_filter_binds_tighter_than_add", "{{ 1 + -3|abs }}")
C("op_test_binds_tighter_than_add", "{{ 1 + 2 is odd }}")
C("op_ctx_arith", "{{ a * b + c }}", {"a": 2, "b": 3.5, "c": 1})

# ---------------------------------------------------------------- comparison / logic
C("op_eq", "{{ 1 == 1 }}")
C("op_eq_int_float", "{{ 1 == 1.0 }}")
C("op_eq_int_str", "{{ 1 == '1' }}")
C("op_eq_bool_int", "{{ true == 1 }}")
C("op_eq_list", "{{ [1, 2] == [1, 2] }}")
C("op_eq_none", "{{ none == none }}")
C("op_ne", "{{ 1 != 2 }}")
C("op_lt", "{{ 1 < 2 }}")
C("op_le", "{{ 2 <= 2 }}")
C("op_gt", "{{ 1 > 2 }}")
C("op_ge", "{{ 3 >= 2 }}")
C("op_lt_str", "{{ 'abc' < 'abd' }}")
C("op_lt_str_case", "{{ 'B' < 'a' }}")
C("op_lt_list", "{{ [1, 2] < [1, 3] }}")
C("op_lt_float_int", "{{ 1.5 > 1 }}")
C("op_chain_lt", "{{ 1 < 2 < 3 }}")
C("op_chain_false", "{{ 1 < 3 < 2 }}")
C("op_chain_mixed", "{{ 1 < 3 > 2 }}")
C("op_chain_eq", "{{ 1 == 1 == 1 }}")
C("op_chain_eq_bool", "{{ (1 == 1) == 1 }}")
C("op_and_true", "{{ true and true }}")
C("op_and_value", "{{ 1 and 'y' }}")
C("op_and_falsy_value", "[{{ '' and 1 }}]")
C("op_and_zero", "{{ 0 and 1 }}")
C("op_or_value", "{{ 0 or 'x' }}")
C("op_or_first", "{{ 'a' or 'b' }}")
C("op_or_none", "{{ none or none }}")
C("op_or_empty_list", "{{ [] or {} }}")
C("op_not", "{{ not 1 }}")
C("op_not_empty", "{{ not '' }}")
C("op_not_not", "{{ not not 'x' }}")
C("op_not_undefined", "{{ not missing }}")
C("op_precedence_and_or", "{{ 1 or 0 and 0 }}")
C("op_precedence_not_and", "{{ not 0 and 0 }}")
C("op_precedence_not_compare", "{{ not 1 == 2 }}")
C("op_in_str", "{{ 'b' in 'abc' }}")
C("op_in_list", "{{ 2 in [1, 2] }}")
C("op_in_dict", "{{ 'k' in {'k': 1} }}")
C("op_in_dict_value", "{{ 1 in {'k': 1} }}")
C("op_not_in", "{{ 3 not in [1, 2] }}")
C("op_not_in_str", "{{ 'z' not in 'abc' }}")
C("op_not_prefix_in", "{{ not 1 in [1] }}")
C("op_in_empty_str", "{{ '' in 'abc' }}")
C("op_is", "{{ 3 is odd }}")
C("op_is_not", "{{ 3 is not odd }}")
C("op_not_is", "{{ not 3 is odd }}")
C("op_is_with_arg", "{{ 9 is divisibleby 3 }}")
C("op_is_with_paren_arg", "{{ 9 is divisibleby(4) }}")
C("op_cond_true", "{{ 'y' if true else 'n' }}")
C("op_cond_false", "{{ 'y' if false else 'n' }}")
C("op_cond_no_else", "[{{ 'y' if false }}]")
C("op_cond_no_else_is_undefined", "{{ ('y' if false) is undefined }}")
C("op_cond_nested", "{{ 'a' if x == 1 else 'b' if x == 2 else 'c' }}", {"x": 2})
C("op_cond_with_filter", "{{ x|upper if x else 'none' }}", {"x": "hi"})
C("op_cond_in_arith", "{{ 1 + (2 if true else 3) }}")
C("op_cond_truthy_list", "{{ 'full' if [0] else 'empty' }}")
C("op_cond_truthy_zero_float", "{{ 'yes' if 0.0 else 'no' }}")
C("op_cond_truthy_str_space", "{{ 'yes' if ' ' else 'no' }}")
C("op_cond_truthy_empty_dict", "{{ 'yes' if {} else 'no' }}")

# ---------------------------------------------------------------- attribute / subscript / slices / calls
C("op_attr_dict", "{{ d.a }}", {"d": {"a": 1}})
C("op_attr_nested", "{{ d.a.b.c }}", {"d": {"a": {"b": {"c": "deep"}}}})
C("op_subscript_dict", "{{ d['a'] }}", {"d": {"a": 1}})
C("op_subscript_dict_var", "{{ d[k] }}", {"d": {"a": 1}, "k": "a"})
C("op_subscript_list", "{{ l[1] }}", {"l": [10, 20, 30]})
C("op_subscript_neg", "{{ l[-1] }}", {"l": [10, 20, 30]})
C("op_subscript_str", "{{ 'abc'[1] }}")
C("op_subscript_out_of_range", "[{{ l[10] }}]", {"l": [1]})
C("op_subscript_missing_key", "[{{ d['zz'] }}]", {"d": {}})
C("op_dot_integer", "{{ l.0 }}", {"l": ["first", "second"]})
C("op_dot_integer_str", "{{ 'xyz'.1 }}")
C("op_dot_integer_chain", "{{ m.0.1 }}", {"m": [[1, 2]]})
C("stmt_print_tag", "{% print x %}|{% print 1 + 1 %}", {"x": [1]})
C("op_attr_then_subscript", "{{ d.a[1] }}", {"d": {"a": [5, 6]}})
C("op_subscript_chain", "{{ m[0][1] }}", {"m": [[1, 2], [3, 4]]})
C("op_attr_prefers_method", "{{ d.keys is callable }}", {"d": {"keys": 5}})
C("op_subscript_prefers_item", "{{ d['keys'] }}", {"d": {"keys": 5}})
C("op_attr_key_with_method_name_items", "{{ d['items'] + 1 }}", {"d": {"items": 5}})
C("op_slice", "{{ 'abcdef'[1:3] }}")
C("op_slice_open_end", "{{ 'abcdef'[2:] }}")
C("op_slice_open_start", "{{ 'abcdef'[:2] }}")
C("op_slice_step", "{{ 'abcdef'[::2] }}")
C("op_slice_reverse", "{{ 'abcdef'[::-1] }}")
C("op_slice_neg_start", "{{ 'abcdef'[-2:] }}")
C("op_slice_neg_end", "{{ 'abcdef'[:-2] }}")
C("op_slice_start_stop_step", "{{ 'abcdefgh'[1:-1:2] }}")
C("op_slice_neg_step_bounds", "{{ 'abcdef'[4:1:-1] }}")
C("op_slice_list", "{{ l[1:3] }}", {"l": [1, 2, 3, 4]})
C("op_slice_list_step", "{{ l[::3] }}", {"l": [0, 1, 2, 3, 4, 5, 6]})
C("op_slice_list_reverse", "{{ l[::-1] }}", {"l": [1, 2, 3]})
C("op_slice_full", "{{ l[:] }}", {"l": [1, 2]})
C("op_slice_out_of_range", "{{ l[5:10] }}", {"l": [1, 2]})
C("op_slice_vars", "{{ l[a:b] }}", {"l": [1, 2, 3, 4, 5], "a": 1, "b": 4})
C("op_call_positional", "{% macro f(a, b) %}{{ a }}/{{ b }}{% endmacro %}{{ f(1, 2) }}")
C("op_call_keyword", "{% macro f(a, b) %}{{ a }}/{{ b }}{% endmacro %}{{ f(b=1, a=2) }}")
C("op_call_mixed", "{% macro f(a, b, c=3) %}{{ a }}/{{ b }}/{{ c }}{% endmacro %}{{ f(1, c=9, b=2) }}")
C("op_call_star_args", "{% macro f(a, b) %}{{ a }}/{{ b }}{% endmacro %}{{ f(*[1, 2]) }}")
C("op_call_star_args_after_pos", "{% macro f(a, b, c) %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ f(1, *l) }}", {"l": [2, 3]})
C("op_call_star_star_kwargs", "{% macro f(a, b) %}{{ a }}/{{ b }}{% endmacro %}{{ f(**{'a': 1, 'b': 2}) }}")
C("op_call_star_and_kwargs", "{% macro f(a, b, c) %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ f(*[1], **d) }}", {"d": {"b": 2, "c": 3}})
C("op_call_method_kwargs", "{{ '{a}-{b}'.format(**d) }}", {"d": {"a": 1, "b": 2}})
C("op_call_method_starargs", "{{ '{}+{}'.format(*l) }}", {"l": ["x", "y"]})
C("op_call_trailing_comma", "{{ range(3,)|list }}")
C("op_call_chain", "{{ 'a,b'.split(',')[1].upper() }}")

# ---------------------------------------------------------------- undefined behaviour
C("undef_print", "[{{ x }}]")
C("undef_attr_of_defined", "[{{ d.missing }}]", {"d": {}})
C("undef_attr_of_undefined", "{{ x.y }}")
C("undef_item_of_undefined", "{{ x['y'] }}")
C("undef_call", "{{ x() }}")
C("undef_attr_chain_dict", "{{ d.missing.x }}", {"d": {}})
C("undef_attr_chain_list", "{{ l[5].x }}", {"l": [1]})
C("undef_attr_chain_none", "{{ n.x.y }}", {"n": None})
C("undef_attr_of_none_prints_empty", "[{{ n.x }}]", {"n": None})
C("undef_attr_chain_str", "{{ 'abc'.nope.x }}")
C("undef_add", "{{ x + 1 }}")
C("undef_radd", "{{ 1 + x }}")
C("undef_mul", "{{ x * 2 }}")
C("undef_concat", "[{{ x ~ 'a' }}]")
C("undef_if_falsy", "{% if x %}yes{% else %}no{% endif %}")
C("undef_for_empty", "{% for i in x %}{{ i }}{% else %}empty{% endfor %}")
C("undef_length", "{{ x|length }}")
C("undef_upper", "[{{ x|upper }}]")
C("undef_int", "{{ x|int }}")
C("undef_list", "{{ x|list }}")
C("undef_first", "[{{ x|first }}]")
C("undef_join", "[{{ x|join(',') }}]")
C("undef_eq_undef", "{{ x == y }}")
C("undef_eq_none", "{{ x == none }}")
C("undef_ne", "{{ x != 1 }}")
C("undef_is_defined", "{{ x is defined }}")
C("undef_attr_is_defined_error", "{{ x.y is defined }}")
C("undef_dict_attr_is_defined", "{{ d.a is defined }}", {"d": {}})
C("undef_deep_is_defined_error", "{{ d.a.b is defined }}", {"d": {}})
C("undef_in", "{{ 1 in x }}")
C("undef_tojson_error", "{{ x|tojson }}")
C("undef_default", "{{ x|default('dflt') }}")
C("undef_string", "[{{ x|string }}]")
C("undef_escape", "[{{ x|e }}]")
C("undef_iterate_items", "{% for k, v in x|items %}{{ k }}{% endfor %}done")
C("undef_none_is_defined", "{{ v is defined }}", {"v": None})
C("undef_none_default_kept", "{{ v|default('d') }}", {"v": None})
C("undef_lt_error", "{{ x < 1 }}")
C("undef_subscript_after_missing_attr", "[{{ d.a }}]", {"d": {"b": 1}})
C("undef_slice_of_undefined", "{{ x[1:] }}")
C("undef_neg", "{{ -x }}")
C("undef_in_cond_expr", "[{{ x if x else '' }}]")

# ---------------------------------------------------------------- errors (runtime and compile time)
C("err_div_zero", "{{ 1 / 0 }}")
C("err_floordiv_zero", "{{ 1 // 0 }}")
C("err_mod_zero", "{{ 1 % 0 }}")
C("err_float_div_zero", "{{ 1.0 / 0 }}")
C("err_add_int_str", "{{ 1 + 'a' }}")
C("err_add_str_int", "{{ 'a' + 1 }}")
C("err_sub_str", "{{ 'a' - 'b' }}")
C("err_add_list_int", "{{ [1] + 1 }}")
C("err_lt_int_str", "{{ 1 < 'a' }}")
C("err_lt_none", "{{ none < 1 }}")
C("err_in_int", "{{ 1 in 5 }}")
C("err_call_int", "{{ 1() }}")
C("err_call_str", "{{ 'abc'() }}")
C("err_str_mul_float", "{{ 'a' * 1.5 }}")
C("err_unknown_filter", "{{ 1|nope }}")
C("err_unknown_filter_line3", "a\nb\n{{ 1|nope }}")
C("err_unknown_test", "{{ 1 is nope }}")
C("err_unknown_filter_in_guarded_if", "{% if 'nope' is filter %}{{ x|nope }}{% endif %}ok")
C("err_unknown_filter_in_unguarded_if", "{% if false %}{{ x|nope }}{% endif %}ok")
C("err_unknown_filter_block", "{% filter nope %}x{% endfilter %}")
C("err_unknown_tag", "{% frobnicate %}")
C("err_do_needs_extension", "{% do x %}")
C("err_break_needs_extension", "{% for i in [1] %}{% break %}{% endfor %}")
C("err_continue_needs_extension", "{% for i in [1] %}{% continue %}{% endfor %}")
C("err_trans_needs_extension", "{% trans %}hi{% endtrans %}")
C("err_syntax_incomplete_expr", "{{ 1 + }}")
C("err_syntax_unclosed_for", "line1\n{% for x in y %}\nbody")
C("err_syntax_unclosed_if_line4", "a\nb\nc\n{% if x %}")
C("err_syntax_endfor_alone", "{% endfor %}")
C("err_syntax_missing_var_end", "{{ x ")
C("err_syntax_bad_target", "{% set 1 = 2 %}")
C("err_extends_no_loader", "{% extends 'x' %}")
C("err_include_no_loader", "{% include 'x' %}")
C("err_include_ignore_missing_no_loader", "{% include 'x' ignore missing %}")
C("err_import_no_loader", "{% import 'x' as y %}")
C("err_from_import_no_loader", "{% from 'x' import y %}")
C("err_extends_no_loader_text_before", "text {% extends 'base' %}")
C("err_set_unpack_too_few", "{% set a, b = [1] %}")
C("err_set_unpack_too_many", "{% set a, b = [1, 2, 3] %}")
C("err_for_unpack", "{% for a, b, c in [[1, 2]] %}{% endfor %}")
C("err_for_not_iterable", "{% for i in 5 %}{% endfor %}")
C("err_set_attr_non_namespace", "{% set d = {} %}{% set d.x = 1 %}")
C("err_set_attr_undefined_namespace", "{% set ns.x = 1 %}")
C("err_macro_too_many_args", "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}")
C("err_macro_unknown_kwarg", "{% macro m(a) %}{% endmacro %}{{ m(z=1) }}")
C("err_macro_caller_not_used", "{% macro m() %}x{% endmacro %}{% call m() %}y{% endcall %}")
C("err_macro_duplicate_arg", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, a=2) }}")
C("err_truncate_too_short", "{{ 'abcdefghij'|truncate(2) }}")
C("err_round_bad_method", "{{ 3.3|round(method='up') }}")
C("err_format_mixed_args", "{{ '%s'|format(1, a=2) }}")
C("err_format_too_few", "{{ '%s %s'|format(1) }}")
C("err_xmlattr_bad_key", "{{ {'a b': 1}|xmlattr }}")
C("err_int_filter_bad_call", "{{ range('a') }}")
C("undef_subscript_int", "{{ (5)[0] }}")
C("f_map_attribute_undefined_arg", "{{ [1]|map(attribute=x)|list }}")
C("err_sum_mixed", "{{ [1, 'a']|sum }}")
C("err_sort_mixed", "{{ [1, 'a']|sort }}")
C("err_max_mixed", "{{ [1, 'a']|max }}")
C("err_dictsort_by", "{{ {'a': 1}|dictsort(by='nope') }}")
C("f_join_attribute_missing", "{{ l|join(',', attribute='x') }}", {"l": [{"y": 1}]})
C("err_runtime_line_independent", "line1\nline2\n{{ 1 / 0 }}")
C("err_cycler_no_items", "{% set c = cycler() %}{{ c.next() }}")
C("err_list_index_missing", "{{ [1, 2].index(5) }}")
C("err_unpack_str", "{% set a, b = 'abc' %}")
C("err_selectattr_no_test_found", "{{ [1]|select('nope')|list }}")
C("f_batch_zero", "{{ [1, 2]|batch(0)|list }}")
C("err_self_missing_block", "{{ self.nope() }}")

# ---------------------------------------------------------------- filters
C("f_abs_int", "{{ -5|abs }}")
C("f_abs_float", "{{ (-2.5)|abs }}")
C("f_abs_pos", "{{ 3|abs }}")
C("f_abs_ctx", "{{ x|abs }}", {"x": -7.25})
C("f_abs_str_error", "{{ 'a'|abs }}")
C("f_attr_str_method", "{{ ('abc'|attr('upper'))() }}")
C("f_attr_dict_key_is_undefined", "[{{ d|attr('a') }}]", {"d": {"a": 1}})
C("f_attr_missing_defined", "{{ 'abc'|attr('nope') is defined }}")
C("f_batch", "{{ [1, 2, 3, 4, 5]|batch(2)|list }}")
C("f_batch_fill", "{{ [1, 2, 3, 4, 5]|batch(3, 'x')|list }}")
C("f_batch_exact", "{{ [1, 2, 3, 4]|batch(2)|list }}")
C("f_batch_empty", "{{ []|batch(2)|list }}")
C("f_batch_table", "{% for row in range(5)|batch(2, '-') %}{{ row|join(',') }};{% endfor %}")
C("f_batch_fill_kw", "{{ 'abc'|batch(2, fill_with='.')|list }}")
C("f_capitalize", "{{ 'hELLO wORLD'|capitalize }}")
C("f_capitalize_empty", "[{{ ''|capitalize }}]")
C("f_capitalize_leading_space", "[{{ ' abc'|capitalize }}]")
C("f_capitalize_int", "{{ 12|capitalize }}")
C("f_center_default", "[{{ 'abc'|center }}]")
C("f_center_odd", "[{{ 'a'|center(5) }}]")
C("f_center_even_pad_odd", "[{{ 'ab'|center(5) }}]")
C("f_center_asym", "[{{ 'a'|center(4) }}]")
C("f_center_narrow", "[{{ 'abcdef'|center(3) }}]")
C("f_center_kw", "[{{ 'x'|center(width=3) }}]")
C("f_count_list", "{{ [1, 2, 3]|count }}")
C("f_count_str", "{{ 'hello'|count }}")
C("f_default_undefined", "{{ x|default('dflt') }}")
C("f_default_no_arg", "[{{ x|default }}]")
C("f_default_defined", "{{ 'v'|default('dflt') }}")
C("f_default_empty_str_kept", "[{{ ''|default('dflt') }}]")
C("f_default_boolean", "{{ ''|default('dflt', true) }}")
C("f_default_boolean_kw", "{{ 0|default('dflt', boolean=true) }}")
C("f_default_boolean_truthy", "{{ 5|default('dflt', true) }}")
C("f_default_none_kept", "{{ n|default('dflt') }}", {"n": None})
C("f_default_none_boolean", "{{ n|default('dflt', true) }}", {"n": None})
C("f_d_alias", "{{ x|d('alias') }}")
C("f_d_chain", "{{ x|d(y)|d('z') }}")
C("f_default_missing_attr", "{{ d.k|default('dk') }}", {"d": {}})
C("f_dictsort", "{{ d|dictsort }}", {"d": {"b": 1, "a": 2, "C": 3}})
C("f_dictsort_case_sensitive", "{{ d|dictsort(true) }}", {"d": {"b": 1, "a": 2, "C": 3}})
C("f_dictsort_by_value", "{{ d|dictsort(false, 'value') }}", {"d": {"b": 1, "a": 3, "c": 2}})
C("f_dictsort_reverse", "{{ d|dictsort(reverse=true) }}", {"d": {"b": 1, "a": 2, "c": 3}})
C("f_dictsort_by_kw", "{{ d|dictsort(by='value', reverse=true) }}", {"d": {"x": "b", "y": "A", "z": "c"}})
C("f_dictsort_loop", "{% for k, v in d|dictsort %}{{ k }}={{ v }};{% endfor %}", {"d": {"z": 1, "a": 2}})
C("f_escape", "{{ '<a href=\"x\">&\\'</a>'|escape }}")
C("f_escape_quotes", "{{ s|escape }}", {"s": "\"double\" 'single'"})
C("f_escape_already_escaped", "{{ '&amp;'|escape }}")
C("f_escape_safe_untouched", "{{ '<i>'|safe|escape }}")
C("f_e_alias", "{{ '<b>'|e }}")
C("f_escape_int", "{{ 5|e }}")
C("f_escape_double", "{{ '<'|e|e }}")
C("f_escape_none", "{{ none|e }}")
C("f_escape_ctx", "{{ s|e }}", {"s": "a > b && c < d"})
C("f_escape_then_concat", "{{ '<'|e ~ '<' }}")
C("f_escape_then_add_markup", "{{ '<'|e + '<' }}")
C("f_escape_list_repr", "{{ ['<']|e }}")
C("f_filesizeformat_bytes", "{{ 100|filesizeformat }}")
C("f_filesizeformat_one_byte", "{{ 1|filesizeformat }}")
C("f_filesizeformat_zero", "{{ 0|filesizeformat }}")
C("f_filesizeformat_kb", "{{ 1000|filesizeformat }}")
C("f_filesizeformat_kb_1500", "{{ 1500|filesizeformat }}")
C("f_filesizeformat_mb", "{{ 1500000|filesizeformat }}")
C("f_filesizeformat_gb", "{{ 3000000000|filesizeformat }}")
C("f_filesizeformat_binary", "{{ 1024|filesizeformat(true) }}")
C("f_filesizeformat_binary_mib", "{{ 1048576|filesizeformat(binary=true) }}")
C("f_filesizeformat_binary_small", "{{ 1000|filesizeformat(true) }}")
C("f_filesizeformat_huge", "{{ (10**30)|filesizeformat }}")
C("f_filesizeformat_filter_binds_before_pow", "{{ 10**30|filesizeformat }}")
C("f_filesizeformat_neg", "{{ -2048|filesizeformat }}")
C("f_filesizeformat_yotta_binary", "{{ (2**80)|filesizeformat(true) }}")
C("f_filesizeformat_str", "{{ '2048'|filesizeformat }}")
C("f_filesizeformat_float", "{{ 1234.5|filesizeformat }}")
C("f_filesizeformat_round", "{{ 999999|filesizeformat }}")
C("f_first_list", "{{ [7, 8, 9]|first }}")
C("f_first_str", "{{ 'xyz'|first }}")
C("f_first_empty", "[{{ []|first }}]")
C("f_first_dict", "{{ {'a': 1, 'b': 2}|first }}")
C("f_first_range", "{{ range(4, 9)|first }}")
C("f_float_str", "{{ '1.5'|float }}")
C("f_float_int", "{{ 3|float }}")
C("f_float_bad", "{{ 'abc'|float }}")
C("f_float_bad_default", "{{ 'abc'|float(default=1.5) }}")
C("f_float_bad_default_pos", "{{ 'x'|float(-1) }}")
C("f_float_exp_str", "{{ '1e3'|float }}")
C("f_float_inf_str", "{{ 'inf'|float }}")
C("f_float_spaces", "{{ ' 2.5 '|float }}")
C("f_float_none", "{{ none|float }}")
C("f_float_bool", "{{ true|float }}")
C("f_forceescape", "{{ '<b>'|forceescape }}")
C("f_forceescape_safe", "{{ '<b>'|safe|forceescape }}")
C("f_forceescape_escaped_twice", "{{ '<b>'|e|forceescape }}")
C("f_format_positional", "{{ '%s=%d'|format('a', 1) }}")
C("f_format_kw", "{{ '%(x)s/%(y)s'|format(x=1, y='b') }}")
C("f_format_float", "{{ '%.3f'|format(2.5) }}")
C("f_format_pad", "{{ '%05d|%-4s|%x'|format(42, 'a', 255) }}")
C("f_format_repr", "{{ '%r'|format('a') }}")
C("f_format_percent", "{{ '100%% %s'|format('done') }}")
C("f_format_no_args", "{{ 'plain'|format }}")
C("f_groupby", "{% for g in users|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }};{% endfor %}", {"users": USERS})
C("f_groupby_unpack", "{% for city, items in users|groupby('city') %}{{ city }}={{ items|length }};{% endfor %}", {"users": USERS})
C("f_groupby_case_sensitive", "{% for g in users|groupby('city', case_sensitive=true) %}{{ g.grouper }}:{{ g.list|length }};{% endfor %}", {"users": USERS})
C("f_groupby_int_key", "{% for g in users|groupby('age') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join('+') }};{% endfor %}", {"users": USERS})
C("f_groupby_default", "{% for g in rows|groupby('k', default='none') %}{{ g.grouper }}:{{ g.list|length }};{% endfor %}", {"rows": [{"k": "a"}, {}, {"k": "a"}, {}]})
C("f_groupby_dotted", "{% for g in rows|groupby('p.c') %}{{ g.grouper }}={{ g.list|length }};{% endfor %}", {"rows": [{"p": {"c": 2}}, {"p": {"c": 1}}, {"p": {"c": 2}}]})
C("f_groupby_index", "{% for g in rows|groupby(0) %}{{ g.grouper }}:{{ g.list|map('last')|join }};{% endfor %}", {"rows": [["b", 1], ["a", 2], ["b", 3]]})
C("f_groupby_repr", "{{ rows|groupby('k')|list }}", {"rows": [{"k": 2}, {"k": 1}]})
C("f_indent", "{{ 'a\nb\nc'|indent }}")
C("f_indent_width", "{{ 'a\nb'|indent(2) }}")
C("f_indent_first", "{{ 'a\nb'|indent(2, true) }}")
C("f_indent_blank", "{{ 'a\n\nb'|indent(2, blank=true) }}")
C("f_indent_no_blank", "{{ 'a\n\nb'|indent(2) }}")
C("f_indent_string", "{{ 'a\nb'|indent('> ', first=true) }}")
C("f_indent_trailing_newline", "[{{ 'a\nb\n'|indent(2) }}]")
C("f_indent_single_line", "[{{ 'abc'|indent(4) }}]")
C("f_indent_kw_width", "{{ 'a\nb'|indent(width=3) }}")
C("f_int_str", "{{ '42'|int }}")
C("f_int_float_str", "{{ '4.7'|int }}")
C("f_int_float", "{{ 4.7|int }}")
C("f_int_neg_float", "{{ (-4.7)|int }}")
C("f_int_bad", "{{ 'abc'|int }}")
C("f_int_bad_default", "{{ 'abc'|int(-1) }}")
C("f_int_bad_default_kw", "{{ 'abc'|int(default=7) }}")
C("f_int_base16", "{{ 'ff'|int(base=16) }}")
C("f_int_base16_prefix", "{{ '0x1A'|int(0, 16) }}")
C("f_int_base2", "{{ '0b101'|int(base=2) }}")
C("f_int_base8", "{{ '777'|int(base=8) }}")
C("f_int_prefix_base10", "{{ '0x1A'|int }}")
C("f_int_spaces", "{{ ' 12 '|int }}")
C("f_int_underscore", "{{ '1_000'|int }}")
C("f_int_bool", "{{ true|int }}")
C("f_int_leading_zero", "{{ '012'|int }}")
C("f_int_none", "{{ none|int }}")
C("f_int_exp_str", "{{ '1e3'|int }}")
C("f_items", "{{ d|items|list }}", {"d": {"a": 1, "b": 2}})
C("f_items_loop", "{% for k, v in d|items %}{{ k }}:{{ v }} {% endfor %}", {"d": {"x": 1, "y": [2]}})
C("f_items_undefined", "{{ x|items|list }}")
C("f_join_default", "{{ [1, 2, 3]|join }}")
C("f_join_sep", "{{ [1, 2, 3]|join(', ') }}")
C("f_join_attribute", "{{ users|join(', ', attribute='name') }}", {"users": USERS})
C("f_join_str", "{{ 'abc'|join('-') }}")
C("f_join_mixed", "{{ [1, 'a', none, 2.0]|join('|') }}")
C("f_join_empty", "[{{ []|join(',') }}]")
C("f_join_kw", "{{ ['a', 'b']|join(d='+') }}")
C("f_join_escaped_item", "{{ ['<', '<'|e]|join }}")
C("f_join_attribute_index", "{{ rows|join(',', attribute=1) }}", {"rows": [[1, "a"], [2, "b"]]})
C("f_last_list", "{{ [7, 8, 9]|last }}")
C("f_last_str", "{{ 'xyz'|last }}")
C("f_last_empty", "[{{ []|last }}]")
C("f_last_range", "{{ range(5)|last }}")
C("f_length_list", "{{ [1, 2, 3]|length }}")
C("f_length_str", "{{ 'héllo'|length }}")
C("f_length_dict", "{{ {'a': 1, 'b': 2}|length }}")
C("f_length_empty", "{{ ''|length }}")
C("f_length_combining", "{{ 'e\u0301'|length }} {{ s|length }}", {"s": "n\u0303o"})
C("f_length_range", "{{ range(10)|length }}")
C("f_length_int_error", "{{ 5|length }}")
C("f_list_str", "{{ 'abc'|list }}")
C("f_list_dict", "{{ {'a': 1, 'b': 2}|list }}")
C("f_list_range", "{{ range(3)|list }}")
C("f_list_tuple", "{{ (1, 2)|list }}")
C("f_list_int_error", "{{ 5|list }}")
C("f_lower", "{{ 'HeLLo'|lower }}")
C("f_lower_unicode", "{{ 'ÉCOLE'|lower }}")
C("f_lower_int", "{{ 5|lower }}")
C("f_map_filter", "{{ ['a', 'b']|map('upper')|list }}")
C("f_map_filter_args", "{{ ['a-b', 'c-d']|map('replace', '-', '+')|list }}")
C("f_map_attribute", "{{ users|map(attribute='name')|join(',') }}", {"users": USERS})
C("f_map_attribute_default", "{{ rows|map(attribute='x', default='-')|join(',') }}", {"rows": [{"x": 1}, {}, {"x": 3}]})
C("f_map_attribute_dotted", "{{ rows|map(attribute='a.b')|list }}", {"rows": [{"a": {"b": 1}}, {"a": {"b": 2}}]})
C("f_map_attribute_index", "{{ rows|map(attribute='0')|list }}", {"rows": [[1, 2], [3, 4]]})
C("f_map_int", "{{ ['1', '2', 'x']|map('int')|list }}")
C("f_map_int_kw", "{{ ['1', 'x']|map('int', default=9)|list }}")
C("f_map_length", "{{ ['a', 'bb', '']|map('length')|list }}")
C("f_map_first", "{{ [[1, 2], [3]]|map('first')|list }}")
C("f_map_sum", "{{ [[1, 2], [3]]|map('sum')|list }}")
C("f_map_attr_missing_undefined", "{{ rows|map(attribute='x')|list }}", {"rows": [{"x": 1}, {}]})
C("f_max", "{{ [3, 9, 2]|max }}")
C("f_max_str_case_insensitive", "{{ ['a', 'B']|max }}")
C("f_max_str_case_sensitive", "{{ ['a', 'B']|max(case_sensitive=true) }}")
C("f_max_attribute", "{{ (users|max(attribute='age')).name }}", {"users": USERS})
C("f_max_empty", "[{{ []|max }}]")
C("f_max_str", "{{ 'hello'|max }}")
C("f_max_floats", "{{ [1, 2.5, 2]|max }}")
C("f_min", "{{ [3, 9, 2]|min }}")
C("f_min_str_case_insensitive", "{{ ['b', 'A', 'c']|min }}")
C("f_min_str_case_sensitive", "{{ ['b', 'a', 'C']|min(true) }}")
C("f_min_attribute", "{{ (users|min(attribute='age')).name }}", {"users": USERS})
C("f_min_empty", "[{{ []|min }}]")
C("f_pprint_dict_sorted", "{{ d|pprint }}", {"d": {"b": 1, "a": [1, 2]}})
C("f_pprint_list", "{{ [1, 'a', none]|pprint }}")
C("f_pprint_str", "{{ 'x'|pprint }}")
C("f_pprint_long_list_wraps", "{{ range(40)|list|pprint }}")
C("f_pprint_nested_wrap", "{{ d|pprint }}", {"d": {"key%02d" % i: "value-%d" % i for i in range(6)}})
C("f_pprint_int", "{{ 5|pprint }}")
C("f_random_in_list", "{{ [1, 2, 3]|random in [1, 2, 3] }}")
C("f_random_in_str", "{{ 'abc'|random in 'abc' }}")
C("f_random_empty", "[{{ []|random }}]")
C("f_random_single", "{{ [7]|random }}")
C("f_random_type", "{{ ['a', 'b']|random is string }}")
C("f_reject", "{{ [1, 2, 3, 4]|reject('odd')|list }}")
C("f_reject_no_test", "{{ [0, 1, '', 'a', none]|reject|list }}")
C("f_reject_with_arg", "{{ [1, 2, 3, 4]|reject('gt', 2)|list }}")
C("f_reject_in", "{{ ['a', 'b', 'c']|reject('in', ['a', 'c'])|list }}")
C("f_rejectattr", "{{ users|rejectattr('active')|map(attribute='name')|list }}", {"users": USERS})
C("f_rejectattr_test", "{{ users|rejectattr('age', 'lt', 30)|map(attribute='name')|list }}", {"users": USERS})
C("f_rejectattr_none", "{{ rows|rejectattr('v', 'none')|list }}", {"rows": [{"v": None}, {"v": 1}]})
C("f_replace", "{{ 'hello world'|replace('o', '0') }}")
C("f_replace_count", "{{ 'aaaa'|replace('a', 'b', 2) }}")
C("f_replace_count_kw", "{{ 'aaaa'|replace('a', 'b', count=3) }}")
C("f_replace_empty_old", "{{ 'abc'|replace('', '-') }}")
C("f_replace_missing", "{{ 'abc'|replace('z', 'y') }}")
C("f_replace_int", "{{ 1234|replace('2', 'x') }}")
C("f_replace_remove", "{{ 'a-b-c'|replace('-', '') }}")
C("f_reverse_str", "{{ 'abc'|reverse }}")
C("f_reverse_list", "{{ [1, 2, 3]|reverse|list }}")
C("f_reverse_join", "{{ [1, 2, 3]|reverse|join(',') }}")
C("f_reverse_range", "{{ range(4)|reverse|list }}")
C("f_reverse_loop", "{% for x in 'ab'|list|reverse %}{{ x }}{% endfor %}")
C("f_round_default", "{{ 2.4|round }}")
C("f_round_half_even_down", "{{ 2.5|round }}")
C("f_round_half_even_up", "{{ 3.5|round }}")
C("f_round_precision", "{{ 3.14159|round(2) }}")
C("f_round_repr_error", "{{ 2.675|round(2) }}")
C("f_round_int_stays_int", "{{ 42|round }}")
C("f_round_floor", "{{ 1.77|round(1, 'floor') }}")
C("f_round_ceil", "{{ 1.21|round(1, method='ceil') }}")
C("f_round_ceil_int_precision0", "{{ 1.2|round(method='ceil') }}")
C("f_round_neg", "{{ (-1.5)|round }}")
C("f_round_neg_precision", "{{ 1234|round(-2) }}")
C("f_round_then_int", "{{ 2.7|round|int }}")
C("f_round_floor_neg", "{{ (-1.5)|round(method='floor') }}")
C("f_safe", "{{ '<b>'|safe }}")
C("f_safe_then_escape", "{{ '<b>'|safe|e }}")
C("f_safe_int", "{{ 5|safe }}")
C("f_select", "{{ [1, 2, 3, 4]|select('odd')|list }}")
C("f_select_no_test", "{{ [0, 1, '', 'a', none, [], [0]]|select|list }}")
C("f_select_gt", "{{ [1, 2, 3, 4]|select('>', 2)|list }}")
C("f_select_divisibleby", "{{ range(10)|select('divisibleby', 3)|list }}")
C("f_select_string", "{{ [1, 'a', none, 'b']|select('string')|list }}")
C("f_select_defined", "{{ [1, x, 2]|select('defined')|list }}")
C("f_select_equalto", "{{ [1, 2, 1]|select('equalto', 1)|list }}")
C("f_select_in", "{{ [1, 2, 3]|select('in', [2, 3, 4])|list }}")
C("f_selectattr", "{{ users|selectattr('active')|map(attribute='name')|list }}", {"users": USERS})
C("f_selectattr_eq", "{{ users|selectattr('city', 'eq', 'Paris')|map(attribute='name')|list }}", {"users": USERS})
C("f_selectattr_gt", "{{ users|selectattr('age', 'gt', 26)|map(attribute='name')|join(',') }}", {"users": USERS})
C("f_selectattr_defined", "{{ rows|selectattr('x', 'defined')|list }}", {"rows": [{"x": 1}, {"y": 2}]})
C("f_selectattr_in", "{{ users|selectattr('name', 'in', ['bob', 'dave'])|map(attribute='age')|list }}", {"users": USERS})
C("f_selectattr_dotted", "{{ rows|selectattr('a.b')|list }}", {"rows": [{"a": {"b": 0}}, {"a": {"b": 1}}]})
C("f_slice", "{{ range(1, 8)|slice(3)|list }}")
C("f_slice_fill", "{{ range(1, 8)|slice(3, 0)|list }}")
C("f_slice_exact", "{{ [1, 2, 3, 4]|slice(2)|list }}")
C("f_slice_more_than_items", "{{ [1, 2]|slice(4)|list }}")
C("f_slice_fill_kw", "{{ 'abcde'|slice(2, fill_with='_')|list }}")
C("f_sort", "{{ [3, 1, 2]|sort }}")
C("f_sort_str_case_insensitive", "{{ words|sort }}", WORDS)
C("f_sort_str_case_sensitive", "{{ words|sort(case_sensitive=true) }}", WORDS)
C("f_sort_reverse", "{{ [3, 1, 2]|sort(true) }}")
C("f_sort_reverse_kw", "{{ words|sort(reverse=true) }}", WORDS)
C("f_sort_attribute", "{{ users|sort(attribute='age')|map(attribute='name')|join(',') }}", {"users": USERS})
C("f_sort_attribute_multi", "{{ users|sort(attribute='age,name')|map(attribute='name')|join(',') }}", {"users": USERS})
C("f_sort_attribute_reverse_stable", "{{ users|sort(attribute='age', reverse=true)|map(attribute='name')|join(',') }}", {"users": USERS})
C("f_sort_case_sensitive_upper_first", "{{ ['b', 'A', 'a', 'B']|sort(case_sensitive=true) }}")
C("f_sort_attribute_multi_tiebreak", "{{ rows|sort(attribute='a,b')|map(attribute='n')|join }}", {"rows": [{"a": 2, "b": 1, "n": "w"}, {"a": 1, "b": 9, "n": "x"}, {"a": 1, "b": 3, "n": "y"}, {"a": 2, "b": 0, "n": "z"}]})
C("f_sort_stable_ci", "{{ ['b', 'B', 'a', 'A']|sort }}")
C("f_sort_floats", "{{ [2.5, -1, 0, 1e3]|sort }}")
C("f_sort_str_chars", "{{ 'cab'|sort }}")
C("f_sort_dict_keys", "{{ {'b': 1, 'a': 2}|sort }}")
C("f_sort_attribute_index", "{{ rows|sort(attribute='1')|list }}", {"rows": [["a", 3], ["b", 1]]})
C("f_string_int", "{{ 5|string ~ 'x' }}")
C("f_string_list", "{{ [1, 'a']|string }}")
C("f_string_none", "{{ none|string }}")
C("f_string_float", "{{ 1e-05|string }}")
C("f_string_length", "{{ 12345|string|length }}")
C("f_striptags", "{{ '<p>a  <b>b</b></p>\n c &amp; d'|striptags }}")
C("f_striptags_comment", "{{ 'x<!-- hidden -->y'|striptags }}")
C("f_striptags_entities", "{{ '&lt;tag&gt; &quot;q&quot; &#39;s&#39;'|striptags }}")
C("f_striptags_plain", "{{ '  plain   text  '|striptags }}")
C("f_striptags_br", "{{ 'a<br/>b'|striptags }}")
C("f_sum", "{{ [1, 2, 3]|sum }}")
C("f_sum_start", "{{ [1, 2, 3]|sum(start=10) }}")
C("f_sum_attribute", "{{ users|sum(attribute='age') }}", {"users": USERS})
C("f_sum_floats", "{{ [0.1, 0.2]|sum }}")
C("f_sum_lists", "{{ [[1], [2, 3]]|sum(start=[]) }}")
C("f_sum_empty", "{{ []|sum }}")
C("f_sum_range", "{{ range(101)|sum }}")
C("f_sum_attribute_dotted", "{{ rows|sum(attribute='a.b') }}", {"rows": [{"a": {"b": 2}}, {"a": {"b": 5}}]})
C("f_title", "{{ 'hello world'|title }}")
C("f_title_apostrophe", "{{ \"o'neil's dog\"|title }}")
C("f_title_hyphen", "{{ 'jean-luc picard'|title }}")
C("f_title_mixed_case", "{{ 'hELLO wORLD'|title }}")
C("f_title_brackets", "{{ '(hi) [there] {you} <me>'|title }}")
C("f_title_digits", "{{ '1st place 2nd'|title }}")
C("f_title_underscore", "{{ 'snake_case word'|title }}")
C("f_tojson_dict_sorted", "{{ d|tojson }}", {"d": {"b": 1, "a": [1, 2.5, None, True]}})
C("f_tojson_html_escapes", "{{ \"<a href='x'>&</a>\"|tojson }}")
C("f_tojson_unicode", "{{ 'é✓'|tojson }}")
C("f_tojson_indent", "{{ {'a': [1, 2], 'b': {'c': none}}|tojson(2) }}")
C("f_tojson_indent_kw", "{{ [1]|tojson(indent=1) }}")
C("f_tojson_str", "{{ 'it\"s'|tojson }}")
C("f_tojson_none", "{{ none|tojson }}")
C("f_tojson_float", "{{ [1.0, 0.5, 1e20]|tojson }}")
C("f_tojson_tuple", "{{ (1, 'a')|tojson }}")
C("f_tojson_newline", "{{ 'a\nb'|tojson }}")
C("f_tojson_int_keys", "{{ {2: 'b', 1: 'a'}|tojson }}")
C("f_trim", "[{{ '  a b  '|trim }}]")
C("f_trim_chars", "{{ 'xxaxx'|trim('x') }}")
C("f_trim_chars_kw", "{{ '--a--'|trim(chars='-') }}")
C("f_trim_newlines", "[{{ '\n\ta\n '|trim }}]")
C("f_trim_int", "{{ 5|trim }}")
C("f_truncate_short_unchanged", "{{ 'short'|truncate(10) }}")
C("f_truncate_leeway_unchanged", "{{ 'hello world foo'|truncate(11) }}")
C("f_truncate_words", "{{ 'hello world this is long'|truncate(10) }}")
C("f_truncate_killwords", "{{ 'hello world this is long'|truncate(10, true) }}")
C("f_truncate_end", "{{ 'hello world this is long'|truncate(10, false, '>>') }}")
C("f_truncate_end_empty", "{{ 'hello world this is long'|truncate(10, end='') }}")
C("f_truncate_leeway_zero", "{{ 'hello world!'|truncate(10, leeway=0) }}")
C("f_truncate_leeway_kw_killwords", "{{ 'abcdefghijklmnop'|truncate(8, killwords=true, leeway=0) }}")
C("f_truncate_default_length", "{{ ('word ' * 60)|truncate|length }}")
C("f_truncate_no_space", "{{ 'abcdefghijklmnopqrstuvwxyz'|truncate(10) }}")
C("f_truncate_exact_plus_leeway", "{{ 'abcdefghijklmno'|truncate(10) }}")
C("f_unique", "{{ [1, 2, 1, 3, 2]|unique|list }}")
C("f_unique_case_insensitive", "{{ ['a', 'A', 'b', 'B', 'a']|unique|list }}")
C("f_unique_case_sensitive", "{{ ['a', 'A', 'b', 'a']|unique(case_sensitive=true)|list }}")
C("f_unique_attribute", "{{ users|unique(attribute='city')|map(attribute='name')|list }}", {"users": USERS})
C("f_unique_str", "{{ 'hello'|unique|join }}")
C("f_unique_mixed_num", "{{ [1, 1.0, true, 2]|unique|list }}")
C("f_upper", "{{ 'hello'|upper }}")
C("f_upper_unicode", "{{ 'straße'|upper }}")
C("f_upper_ascii_mixed", "{{ 'aZ09_-~'|upper }}{{ 'aZ09_-~'|lower }}{% for i in range(3) %}{{ 'x%dy'|format(i)|upper }}{% endfor %}")
C("f_upper_int", "{{ 5|upper }}")
C("f_urlencode_str", "{{ 'a b&c/d?e=é'|urlencode }}")
C("f_urlencode_dict", "{{ {'a': 1, 'b': 'x y', 'c': 'p/q&r'}|urlencode }}")
C("f_urlencode_pairs", "{{ [('k', 'v 1'), ('k', 'v2')]|urlencode }}")
C("f_urlencode_int", "{{ 42|urlencode }}")
C("f_urlencode_safe_chars", "{{ \"-_.~!*'()\"|urlencode }}")
C("f_urlencode_plus", "{{ 'a+b'|urlencode }}")
C("f_urlize_https", "{{ 'see https://example.com now'|urlize }}")
C("f_urlize_trailing_period", "{{ 'visit https://example.com.'|urlize }}")
C("f_urlize_www", "{{ 'go to www.example.org'|urlize }}")
C("f_urlize_email", "{{ 'mail me@example.com'|urlize }}")
C("f_urlize_trim", "{{ 'https://example.com/a/long/path'|urlize(15) }}")
C("f_urlize_nofollow", "{{ 'http://x.org'|urlize(nofollow=true) }}")
C("f_urlize_target", "{{ 'http://x.org'|urlize(target='_blank') }}")
C("f_urlize_rel", "{{ 'http://x.org'|urlize(rel='ugc') }}")
C("f_urlize_extra_schemes", "{{ 'ftp://files.org/x'|urlize(extra_schemes=['ftp://']) }}")
C("f_urlize_plain_text", "{{ 'no links here'|urlize }}")
C("f_urlize_escapes_text", "{{ 'a<b https://x.com?a=1&b=2'|urlize }}")
C("f_urlize_parens", "{{ '(https://example.com)'|urlize }}")
C("f_urlize_dotcom", "{{ 'example.com'|urlize }}")
C("f_wordcount", "{{ 'hello  world, foo'|wordcount }}")
C("f_wordcount_punct", "{{ \"it's a well-known fact\"|wordcount }}")
C("f_wordcount_empty", "{{ ''|wordcount }}")
C("f_wordcount_unicode", "{{ 'héllo wörld_x 42'|wordcount }}")
C("f_wordwrap", "{{ 'a b c d e'|wordwrap(3) }}")
C("f_wordwrap_wrapstring", "{{ 'aaa bbb ccc'|wordwrap(5, wrapstring='<br>') }}")
C("f_wordwrap_long_word", "{{ 'abcdefghij'|wordwrap(4) }}")
C("f_wordwrap_long_word_no_break", "{{ 'abcdefghij xy'|wordwrap(4, false) }}")
C("f_wordwrap_hyphens", "{{ 'aaa-bbb-ccc'|wordwrap(5) }}")
C("f_wordwrap_no_hyphens", "{{ 'aaa-bbb-ccc ddd'|wordwrap(5, break_on_hyphens=false) }}")
C("f_wordwrap_keeps_newlines", "{{ 'aa bb\ncc dd ee'|wordwrap(5) }}")
C("f_wordwrap_default_width", "{{ ('word ' * 30)|wordwrap|wordcount }}")
C("f_wordwrap_default_lines", "{{ ('abcd ' * 30)|wordwrap }}")
C("f_wordwrap_spaces", "[{{ 'a   b    c'|wordwrap(3) }}]")
C("f_xmlattr", "{{ {'class': 'a', 'id': none, 'x': '<&\">'}|xmlattr }}")
C("f_xmlattr_no_autospace", "[{{ {'a': 1}|xmlattr(false) }}]")
C("f_xmlattr_undefined_skipped", "{{ {'a': x, 'b': 2}|xmlattr }}")
C("f_xmlattr_in_tag", "<div{{ {'data-id': 5, 'title': 'it\\'s'}|xmlattr }}>")
C("f_xmlattr_empty", "[{{ {}|xmlattr }}]")
C("f_xmlattr_false_kept", "{{ {'a': false, 'b': ''}|xmlattr }}")
C("f_chain_many", "{{ '  Hello World  '|trim|lower|replace('world', 'there')|title|center(15) }}")
C("f_chain_list_ops", "{{ nums|unique|sort|reverse|join('-') }}", NUMS)
C("f_paren_args_on_expr", "{{ (nums|sort)[0] }}", NUMS)
C("f_filter_on_literal_list", "{{ [3, 1, 2]|sort|first }}")
C("f_filter_no_parens_then_call", "{{ nums|max - nums|min }}", NUMS)

# ---------------------------------------------------------------- tests
C("t_boolean_true", "{{ true is boolean }}")
C("t_boolean_int", "{{ 1 is boolean }}")
C("t_callable_macro", "{% macro m() %}{% endmacro %}{{ m is callable }}")
C("t_callable_range", "{{ range is callable }}")
C("t_callable_str", "{{ 'x' is callable }}")
C("t_callable_method", "{{ 'x'.upper is callable }}")
C("t_defined", "{{ v is defined }}", {"v": 0})
C("t_defined_missing", "{{ v is defined }}")
C("t_undefined", "{{ v is undefined }}")
C("t_undefined_defined_var", "{{ v is undefined }}", {"v": ""})
C("t_divisibleby", "{{ 10 is divisibleby 5 }}")
C("t_divisibleby_false", "{{ 10 is divisibleby(3) }}")
C("t_divisibleby_float", "{{ 7.5 is divisibleby 2.5 }}")
C("t_eq", "{{ 2 is eq 2 }}")
C("t_equalto", "{{ 2 is equalto 3 }}")
C("t_escaped", "{{ '<'|e is escaped }}")
C("t_escaped_plain", "{{ '<' is escaped }}")
C("t_escaped_safe", "{{ 'x'|safe is escaped }}")
C("t_even", "{{ 4 is even }}")
C("t_even_zero", "{{ 0 is even }}")
C("t_even_neg", "{{ -3 is even }}")
C("t_odd", "{{ 3 is odd }}")
C("t_odd_neg", "{{ -3 is odd }}")
C("t_false", "{{ false is false }}")
C("t_false_zero", "{{ 0 is false }}")
C("t_true", "{{ true is true }}")
C("t_true_one", "{{ 1 is true }}")
C("t_filter", "{{ 'upper' is filter }}")
C("t_filter_missing", "{{ 'nope' is filter }}")
C("t_filter_d", "{{ 'd' is filter }}")
C("t_float", "{{ 1.0 is float }}")
C("t_float_int", "{{ 1 is float }}")
C("t_ge", "{{ 3 is ge 3 }}")
C("t_gt", "{{ 3 is gt 2 }}")
C("t_greaterthan", "{{ 3 is greaterthan 5 }}")
C("t_in", "{{ 2 is in [1, 2] }}")
C("t_in_str", "{{ 'b' is in 'abc' }}")
C("t_integer", "{{ 5 is integer }}")
C("t_integer_bool", "{{ true is integer }}")
C("t_integer_float", "{{ 5.0 is integer }}")
C("t_iterable_list", "{{ [] is iterable }}")
C("t_iterable_str", "{{ 'a' is iterable }}")
C("t_iterable_int", "{{ 1 is iterable }}")
C("t_iterable_dict", "{{ {} is iterable }}")
C("t_le", "{{ 2 is le 1 }}")
C("t_lt", "{{ 1 is lt 2 }}")
C("t_lessthan", "{{ 1 is lessthan 1 }}")
C("t_lower", "{{ 'abc' is lower }}")
C("t_lower_mixed", "{{ 'aBc' is lower }}")
C("t_lower_digits_only", "{{ '123' is lower }}")
C("t_mapping_dict", "{{ {} is mapping }}")
C("t_mapping_list", "{{ [] is mapping }}")
C("t_mapping_ctx", "{{ d is mapping }}", {"d": {"a": 1}})
C("t_ne", "{{ 1 is ne 2 }}")
C("t_none", "{{ none is none }}")
C("t_none_false", "{{ 0 is none }}")
C("t_none_undefined", "{{ x is none }}")
C("t_number_int", "{{ 1 is number }}")
C("t_number_float", "{{ 1.5 is number }}")
C("t_number_bool", "{{ true is number }}")
C("t_number_str", "{{ '1' is number }}")
C("t_sameas_none", "{{ none is sameas none }}")
C("t_sameas_false", "{{ false is sameas false }}")
C("t_sameas_zero_false", "{{ 0 is sameas false }}")
C("t_sameas_var", "{% set a = [1] %}{% set b = a %}{{ a is sameas b }}|{{ a is sameas [1] }}")
C("t_sequence_list", "{{ [] is sequence }}")
C("t_sequence_str", "{{ 'a' is sequence }}")
C("t_sequence_dict", "{{ {} is sequence }}")
C("t_sequence_int", "{{ 1 is sequence }}")
C("t_string", "{{ 'a' is string }}")
C("t_string_int", "{{ 1 is string }}")
C("t_string_escaped", "{{ 'a'|e is string }}")
C("t_test", "{{ 'odd' is test }}")
C("t_test_missing", "{{ 'upper' is test }}")
C("t_upper", "{{ 'ABC' is upper }}")
C("t_upper_mixed", "{{ 'ABc' is upper }}")
C("t_not_form", "{{ 4 is not odd }}")
C("t_select_eq_symbol", "{{ [1, 2, 3]|select('==', 2)|list }}")
C("t_select_ne_symbol", "{{ [1, 2, 3]|select('!=', 2)|list }}")
C("t_select_lt_symbol", "{{ [1, 2, 3]|select('<', 2)|list }}")
C("t_select_le_symbol", "{{ [1, 2, 3]|select('<=', 2)|list }}")
C("t_select_gt_symbol", "{{ [1, 2, 3]|select('>', 2)|list }}")
C("t_select_ge_symbol", "{{ [1, 2, 3]|select('>=', 2)|list }}")
C("t_selectattr_ne_symbol", "{{ users|selectattr('city', '!=', 'Paris')|map(attribute='name')|list }}", {"users": USERS})
C("t_reject_ge", "{{ [1, 2, 3]|reject('ge', 2)|list }}")
C("t_select_lessthan", "{{ [1, 5, 10]|select('lessthan', 6)|list }}")
C("t_select_greaterthan", "{{ [1, 5, 10]|select('greaterthan', 4)|list }}")
C("t_select_le_name", "{{ [1, 2, 3]|select('le', 2)|list }}")
C("t_select_ne_name", "{{ [1, 2, 3]|select('ne', 2)|list }}")
C("t_select_number", "{{ [1, 'a', 2.5, none]|select('number')|list }}")
C("t_select_mapping", "{{ [{}, [], 'x']|select('mapping')|list }}")
C("t_in_if", "{% if 'a' is in 'xyz' %}y{% else %}n{% endif %}")
C("t_test_with_filter_arg", "{{ 6 is divisibleby 2 + 1 }}")
C("t_test_kwarg_paren", "{{ 6 is divisibleby(num=3) }}")

# ---------------------------------------------------------------- if
C("stmt_if_true", "{% if true %}yes{% endif %}")
C("stmt_if_false", "[{% if false %}yes{% endif %}]")
C("stmt_if_else", "{% if x > 5 %}big{% else %}small{% endif %}", {"x": 3})
C("stmt_if_elif", "{% if x == 1 %}one{% elif x == 2 %}two{% elif x == 3 %}three{% else %}many{% endif %}", {"x": 3})
C("stmt_if_elif_else", "{% if x == 1 %}one{% elif x == 2 %}two{% else %}other{% endif %}", {"x": 9})
C("stmt_if_nested", "{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}", {"a": 1, "b": 0})
C("stmt_if_truthy_values", "{% for v in [0, 1, '', 'x', [], [0], {}, none, 0.0] %}{% if v %}T{% else %}F{% endif %}{% endfor %}")
C("stmt_if_defined", "{% if v is defined and v %}{{ v }}{% else %}none{% endif %}")
C("stmt_if_multiline", "{% if x %}\nline\n{% endif %}\nend", {"x": True})
C("stmt_if_in", "{% if 'b' in items %}has b{% endif %}", {"items": ["a", "b"]})
C("stmt_if_scoping_set", "{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}")

# ---------------------------------------------------------------- for / loop
C("loop_basic", "{% for x in [1, 2, 3] %}{{ x }}{% endfor %}")
C("loop_range", "{% for i in range(3) %}{{ i }},{% endfor %}")
C("loop_str", "{% for c in 'abc' %}{{ c }}.{% endfor %}")
C("loop_dict_keys", "{% for k in d %}{{ k }}{% endfor %}", {"d": {"x": 1, "y": 2}})
C("loop_dict_items", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", {"d": {"x": 1, "y": 2}})
C("loop_unpack_pairs", "{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }} {% endfor %}")
C("loop_unpack_parens", "{% for (a, b) in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}")
C("loop_unpack_nested", "{% for a, (b, c) in [[1, [2, 3]]] %}{{ a }}{{ b }}{{ c }}{% endfor %}")
C("loop_else_empty", "{% for x in [] %}{{ x }}{% else %}empty{% endfor %}")
C("loop_else_not_taken", "{% for x in [1] %}{{ x }}{% else %}empty{% endfor %}")
C("loop_else_all_filtered", "{% for x in [1, 3] if x is even %}{{ x }}{% else %}none even{% endfor %}")
C("loop_index", "{% for x in 'abc' %}{{ loop.index }}{% endfor %}")
C("loop_index0", "{% for x in 'abc' %}{{ loop.index0 }}{% endfor %}")
C("loop_revindex", "{% for x in 'abc' %}{{ loop.revindex }}{% endfor %}")
C("loop_revindex0", "{% for x in 'abc' %}{{ loop.revindex0 }}{% endfor %}")
C("loop_first_last", "{% for x in 'abc' %}{% if loop.first %}[{% endif %}{{ x }}{% if loop.last %}]{% else %},{% endif %}{% endfor %}")
C("loop_length", "{% for x in 'abcd' %}{{ loop.length }}{% endfor %}")
C("loop_cycle", "{% for x in range(5) %}{{ loop.cycle('odd', 'even') }} {% endfor %}")
C("loop_cycle_three", "{% for x in range(4) %}{{ loop.cycle('a', 'b', 'c') }}{% endfor %}")
C("loop_previtem", "{% for x in [1, 2, 3] %}{{ loop.previtem|default('-') }}{% endfor %}")
C("loop_nextitem", "{% for x in [1, 2, 3] %}{{ loop.nextitem|default('-') }}{% endfor %}")
C("loop_previtem_undefined", "{% for x in [1, 2] %}{{ loop.previtem is defined }};{% endfor %}")
C("loop_changed", "{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}")
C("loop_changed_multi", "{% for u in users %}{% if loop.changed(u.age, u.city) %}*{% endif %}{{ u.name }} {% endfor %}", {"users": USERS})
C("loop_depth_flat", "{% for x in [1] %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}")
C("loop_filter", "{% for x in range(10) if x is odd %}{{ x }}{% endfor %}")
C("loop_filter_index", "{% for x in range(10) if x % 3 == 0 %}{{ loop.index }}:{{ x }} {% endfor %}")
C("loop_filter_length", "{% for x in range(10) if x > 6 %}{{ loop.length }}{% endfor %}")
C("loop_filter_last", "{% for x in [1, 2, 3, 4] if x < 3 %}{{ x }}{{ '.' if loop.last else ',' }}{% endfor %}")
C("loop_filter_uses_outer_var", "{% for x in nums if x > lim %}{{ x }}{% endfor %}", {"nums": [1, 5, 10], "lim": 4})
C("loop_nested", "{% for a in [1, 2] %}{% for b in 'xy' %}{{ a }}{{ b }} {% endfor %}{% endfor %}")
C("loop_nested_outer_loop", "{% for a in 'ab' %}{% set outer = loop %}{% for b in 'xy' %}{{ outer.index }}.{{ loop.index }} {% endfor %}{% endfor %}")
C("loop_nested_shadowing", "{% for a in [1, 2] %}{{ loop.index }}{% for b in [1, 2, 3] %}{% endfor %}{{ loop.index }}|{% endfor %}")
C("loop_recursive", "{% for n in tree recursive %}{{ n.name }}{% if n.children %}({{ loop(n.children) }}){% endif %}{% endfor %}",
  {"tree": [{"name": "a", "children": [{"name": "b", "children": []}, {"name": "c", "children": [{"name": "d"}]}]}, {"name": "e"}]})
C("loop_recursive_depth", "{% for n in tree recursive %}{{ loop.depth }}{{ loop.depth0 }}{{ n.name }} {% if n.kids %}{{ loop(n.kids) }}{% endif %}{% endfor %}",
  {"tree": [{"name": "a", "kids": [{"name": "b", "kids": [{"name": "c"}]}]}, {"name": "d"}]})
C("loop_recursive_index_resets", "{% for n in tree recursive %}{{ loop.index }}{% if n.k %}[{{ loop(n.k) }}]{% endif %}{% endfor %}",
  {"tree": [{"k": [1, 2, 3]}, {}]})
C("loop_recursive_indent", "{% for n in tree recursive %}{{ '  ' * loop.depth0 }}- {{ n.t }}\n{{ loop(n.c or []) }}{% endfor %}",
  {"tree": [{"t": "root", "c": [{"t": "x"}, {"t": "y", "c": [{"t": "z"}]}]}]})
C("loop_var_not_leaked", "{% for x in [1, 2] %}{% endfor %}[{{ x }}]")
C("loop_var_shadows_outer", "{% set x = 'outer' %}{% for x in [1] %}{{ x }}{% endfor %}{{ x }}")
C("loop_set_not_leaked", "{% set c = 0 %}{% for x in [1, 2] %}{% set c = c + x %}{% endfor %}{{ c }}")
C("loop_set_inside_visible", "{% for x in [1, 2] %}{% set y = x * 10 %}{{ y }} {% endfor %}")
C("loop_outside_loop_undefined", "[{{ loop }}]")
C("loop_over_none_error", "{% for x in none %}{% endfor %}")
C("loop_over_generator_length", "{% for x in [3, 1, 2]|sort %}{{ loop.length }}{{ loop.revindex }} {% endfor %}")
C("loop_over_map_length", "{% for x in [1, 2, 3]|map('string') %}{{ loop.revindex0 }}{% endfor %}")
C("loop_index_after_nested_for", "{% for a in [1, 2] %}{% for b in [1] %}{% endfor %}{{ loop.last }}{% endfor %}")
C("loop_items_filter", "{% for k, v in d|dictsort if v > 1 %}{{ k }}{% endfor %}", {"d": {"a": 1, "b": 2, "c": 3}})
C("loop_ctx_list_of_dicts", "{% for u in users %}{{ u.name|capitalize }} ({{ u['age'] }}){% if not loop.last %}, {% endif %}{% endfor %}", {"users": USERS})
C("loop_multiline_body", "{% for x in [1, 2] %}\n- {{ x }}\n{% endfor %}\n")
C("loop_cycle_var", "{% for x in range(3) %}{{ loop.cycle(*l) }}{% endfor %}", {"l": ["p", "q"]})
C("loop_tuple_literal", "{% for x in 1, 2, 3 %}{{ x }}{% endfor %}")
C("loop_unpack_too_many", "{% for a, b in [[1, 2, 3]] %}{% endfor %}")
C("loop_range_negative_step", "{% for i in range(5, 0, -2) %}{{ i }}{% endfor %}")
C("loop_previtem_nextitem_filtered", "{% for x in range(6) if x is even %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }} {% endfor %}")
C("loop_length_empty_else", "{% for x in [] %}{{ loop.length }}{% else %}{{ loop is defined }}{% endfor %}")

# ---------------------------------------------------------------- set
C("stmt_set", "{% set x = 5 %}{{ x }}")
C("stmt_set_expr", "{% set x = [1, 2]|sum * 3 %}{{ x }}")
C("stmt_set_tuple_unpack", "{% set a, b = 1, 2 %}{{ a }}-{{ b }}")
C("stmt_set_tuple_unpack_parens", "{% set (a, b) = [3, 4] %}{{ b }}{{ a }}")
C("stmt_set_overrides_context", "{% set x = 'new' %}{{ x }}", {"x": "old"})
C("stmt_set_reassign", "{% set x = 1 %}{% set x = x + 1 %}{{ x }}")
C("stmt_set_block", "{% set x %}a{{ 1 + 1 }}b{% endset %}[{{ x }}]")
C("stmt_set_block_filter", "{% set x | upper %}abc{% endset %}{{ x }}")
C("stmt_set_block_filter_chain", "{% set x | trim | replace('a', 'o') %}  banana  {% endset %}[{{ x }}]")
C("stmt_set_block_multiline", "{% set x %}\nline1\nline2\n{% endset %}{{ x|length }}")
C("stmt_set_block_is_string", "{% set x %}5{% endset %}{{ x is string }} {{ x ~ 1 }}")
C("stmt_set_block_in_loop", "{% for i in [1, 2] %}{% set s %}<{{ i }}>{% endset %}{{ s }}{% endfor %}")
C("stmt_set_namespace", "{% set ns = namespace(count=0) %}{% for x in [1, 2, 3] %}{% set ns.count = ns.count + x %}{% endfor %}{{ ns.count }}")
C("stmt_set_namespace_found", "{% set ns = namespace(found=false) %}{% for x in [1, 4, 7] %}{% if x > 3 %}{% set ns.found = x %}{% endif %}{% endfor %}{{ ns.found }}")
C("stmt_set_namespace_new_attr", "{% set ns = namespace() %}{% set ns.a = 'x' %}{{ ns.a }}")
C("stmt_set_namespace_block", "{% set ns = namespace(v='') %}{% set ns.v %}blk{% endset %}{{ ns.v }}")
C("stmt_set_namespace_missing_attr", "[{{ namespace().nope }}]")
C("stmt_set_list_then_mutate", "{% set l = [1] %}{{ l.append(2) }}{{ l }}")
C("stmt_set_multiple_lines", "{% set a = 1 %}\n{% set b = 2 %}\n{{ a + b }}")
C("stmt_set_referencing_later", "{{ x }}{% set x = 1 %}{{ x }}")
C("stmt_set_dict_literal", "{% set d = {'k': [1, {'n': 2}]} %}{{ d.k[1].n }}")
C("stmt_set_in_for_uses_outer_before", "{% set x = 1 %}{% for i in [1] %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}")

# ---------------------------------------------------------------- macros / call
C("macro_basic", "{% macro hi(name) %}Hi {{ name }}!{% endmacro %}{{ hi('Bob') }}")
C("macro_default", "{% macro m(a, b='B') %}{{ a }}{{ b }}{% endmacro %}{{ m('A') }}|{{ m('A', 'c') }}")
C("macro_default_expr", "{% macro m(a, b=[1, 2]|length) %}{{ a }}{{ b }}{% endmacro %}{{ m(0) }}")
C("macro_default_refers_earlier", "{% macro m(a, b=a * 2) %}{{ b }}{% endmacro %}{{ m(4) }}")
C("macro_missing_arg", "{% macro m(a, b) %}[{{ a }}][{{ b }}]{% endmacro %}{{ m(1) }}")
C("macro_missing_arg_defined", "{% macro m(a) %}{{ a is defined }}{% endmacro %}{{ m() }}")
C("macro_varargs", "{% macro m(a) %}{{ a }}{{ varargs }}{% endmacro %}{{ m(1, 2, 3) }}")
C("macro_varargs_empty", "{% macro m() %}{{ varargs }}{% endmacro %}{{ m() }}")
C("macro_varargs_loop", "{% macro m() %}{% for v in varargs %}<{{ v }}>{% endfor %}{% endmacro %}{{ m('a', 'b') }}")
C("macro_kwargs", "{% macro m() %}{{ kwargs }}{% endmacro %}{{ m(a=1, b='x') }}")
C("macro_kwargs_items", "{% macro m(x) %}{{ x }}{% for k, v in kwargs|dictsort %} {{ k }}={{ v }}{% endfor %}{% endmacro %}{{ m(0, z=1, y=2) }}")
C("macro_varargs_kwargs", "{% macro m(a, b=2) %}{{ a }},{{ b }},{{ varargs }},{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, c=4) }}")
C("macro_attrs", "{% macro m(a, b=1) %}{{ varargs }}{% endmacro %}{{ m.name }}|{{ m.arguments }}|{{ m.catch_varargs }}|{{ m.catch_kwargs }}|{{ m.caller }}")
C("macro_attrs_kwargs_flags", "{% macro m() %}{{ kwargs }}{{ caller() }}{% endmacro %}{{ m.catch_kwargs }}|{{ m.caller }}|{{ m.catch_varargs }}")
C("macro_returns_str", "{% macro m() %}<b>{% endmacro %}{{ m()|length }}|{{ m() is string }}|{{ m()|e }}")
C("macro_recursive", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}")
C("macro_output_whitespace", "{% macro m() %}\n  x\n{% endmacro %}[{{ m() }}]")
C("macro_scope_no_outer_set", "{% set g = 'G' %}{% macro m() %}{{ g }}{% endmacro %}{{ m() }}")
C("macro_scope_context", "{% macro m() %}{{ v }}{% endmacro %}{{ m() }}", {"v": "ctx"})
C("macro_set_inside_not_leaked", "{% macro m() %}{% set q = 1 %}{% endmacro %}{{ m() }}[{{ q }}]")
C("macro_defined_after_use", "{{ m() }}{% macro m() %}late{% endmacro %}")
C("macro_call_in_filter", "{% macro m(x) %}{{ x }}{{ x }}{% endmacro %}{{ m('ab')|upper }}")
C("macro_in_set", "{% macro m() %}val{% endmacro %}{% set s = m() %}{{ s ~ '!' }}")
C("macro_kw_only_default_override", "{% macro m(a=1, b=2) %}{{ a }}{{ b }}{% endmacro %}{{ m(b=5) }}")
C("macro_caller", "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}")
C("macro_caller_twice", "{% macro wrap() %}{{ caller() }}|{{ caller() }}{% endmacro %}{% call wrap() %}x{% endcall %}")
C("macro_caller_args", "{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}[{{ x }}]{% endcall %}")
C("macro_caller_default_arg", "{% macro m() %}{{ caller() }}{{ caller(5) }}{% endmacro %}{% call(x=0) m() %}{{ x }}{% endcall %}")
C("macro_caller_two_args", "{% macro m(d) %}{% for k, v in d|dictsort %}{{ caller(k, v) }}{% endfor %}{% endmacro %}{% call(k, v) m({'b': 2, 'a': 1}) %}{{ k }}{{ v }};{% endcall %}")
C("macro_caller_with_macro_args", "{% macro box(title, cls='c') %}[{{ title }}:{{ cls }}:{{ caller() }}]{% endmacro %}{% call box('T', cls='x') %}body{% endcall %}")
C("macro_caller_sees_outer_vars", "{% set v = 'outer' %}{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{{ v }}{% endcall %}")
C("macro_call_nested", "{% macro a() %}a({{ caller() }}){% endmacro %}{% macro b() %}b({{ caller() }}){% endmacro %}{% call a() %}{% call b() %}x{% endcall %}{% endcall %}")
C("macro_caller_multiline", "{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}\nline\n{% endcall %}")
C("macro_caller_undefined_outside", "{% macro m() %}{{ caller is defined }}{% endmacro %}{{ m() }}")
C("macro_varargs_name_conflict", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(*[1], **{}) }}")
C("macro_arg_shadows_global", "{% macro m(range) %}{{ range }}{% endmacro %}{{ m(3) }}")
C("macro_loop_inside", "{% macro li(items) %}{% for i in items %}<li>{{ i }}</li>{% endfor %}{% endmacro %}<ul>{{ li(['a', 'b']) }}</ul>")

# ---------------------------------------------------------------- filter blocks / with / raw / comments / autoescape / block
C("stmt_filter_block", "{% filter upper %}hello {{ 'world' }}{% endfilter %}")
C("stmt_filter_block_args", "[{% filter center(9) %}mid{% endfilter %}]")
C("stmt_filter_block_chain", "{% filter upper|replace('L', '_') %}hello{% endfilter %}")
C("stmt_filter_block_nested", "{% filter upper %}a{% filter lower %}B{% endfilter %}c{% endfilter %}")
C("stmt_filter_block_indent", "{% filter indent(2, true) %}a\nb{% endfilter %}")
C("stmt_filter_block_loop", "{% filter replace(',', ';') %}{% for x in [1, 2] %}{{ x }},{% endfor %}{% endfilter %}")
C("stmt_with", "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}")
C("stmt_with_scope", "{% with x = 'in' %}{{ x }}{% endwith %}[{{ x }}]")
C("stmt_with_shadow", "{% set x = 'out' %}{% with x = 'in' %}{{ x }}{% endwith %}{{ x }}")
C("stmt_with_set_inside", "{% with %}{% set y = 3 %}{{ y }}{% endwith %}[{{ y }}]")
C("stmt_with_refers_outer", "{% set a = 2 %}{% with b = a * 2 %}{{ b }}{% endwith %}")
C("stmt_with_sequential", "{% with a = 1, b = a %}{{ b }}{% endwith %}")
C("stmt_raw", "{% raw %}{{ x }}{% if %}{# c #}{% endraw %}")
C("stmt_raw_multiline", "a\n{% raw %}\n{{ y }}\n{% endraw %}\nb")
C("stmt_raw_ws_control", "a {%- raw -%}  {{ x }}  {%- endraw -%} b")
C("stmt_raw_nested_endraw_text", "{% raw %}{% raw %}{% endraw %}")
C("stmt_raw_inner_dash", "{% raw %} {{- x -}} {% endraw %}")
C("stmt_comment", "a{# comment #}b")
C("stmt_comment_multiline", "a{# line1\nline2 {{ x }} {% if %} #}b")
C("stmt_comment_lineno_after", "{# a\nb\nc #}{{ 1/0 }}")
C("stmt_comment_contains_hash", "x{# a # b #}y")
C("stmt_autoescape_true", "{% autoescape true %}{{ '<b>' }}{% endautoescape %}{{ '<b>' }}")
C("stmt_autoescape_false", "{% autoescape false %}{{ '<i>' }}{% endautoescape %}")
C("stmt_autoescape_safe", "{% autoescape true %}{{ '<b>'|safe }}{{ s }}{% endautoescape %}", {"s": "a&b"})
C("stmt_autoescape_macro", "{% macro m() %}<b>{% endmacro %}{% autoescape true %}{{ m() }}{{ '<' ~ m() }}{% endautoescape %}")
C("stmt_block_no_extends", "a{% block body %}B{% endblock %}c")
C("stmt_block_named_end", "{% block x %}X{% endblock x %}")
C("stmt_block_self_call", "{% block t %}T{% endblock %}|{{ self.t() }}")
C("stmt_block_scope_loop_var", "{% for i in [1, 2] %}{% block b %}[{{ i }}]{% endblock %}{% endfor %}")
C("stmt_block_scoped_loop_var", "{% for i in [1, 2] %}{% block b scoped %}[{{ i }}]{% endblock %}{% endfor %}")
C("stmt_block_duplicate", "{% block a %}{% endblock %}{% block a %}{% endblock %}")

# ---------------------------------------------------------------- whitespace control
C("ws_trailing_newline_removed", "abc\n")
C("ws_two_trailing_newlines", "abc\n\n")
C("ws_crlf_normalized", "a\r\nb\r\n")
C("ws_cr_normalized", "a\rb")
C("ws_var_strip_left", "a   {{- 1 }}")
C("ws_var_strip_right", "{{ 1 -}}   b")
C("ws_var_strip_both_newlines", "a\n\n  {{- 1 -}}  \n\n b")
C("ws_block_strip", "a  {%- if true -%}  x  {%- endif -%}  b")
C("ws_block_strip_newlines", "<ul>\n{%- for x in [1, 2] %}\n  <li>{{ x }}</li>\n{%- endfor %}\n</ul>")
C("ws_block_no_strip_default", "<ul>\n{% for x in [1, 2] %}\n  <li>{{ x }}</li>\n{% endfor %}\n</ul>")
C("ws_comment_strip", "a  {#- c -#}  b")
C("ws_comment_strip_left_only", "a  {#- c #}  b")
C("ws_comment_no_strip", "a  {# c #}  b")
C("ws_plus_block_left", "a  {%+ if true %}x{% endif %}")
C("ws_plus_block_right", "{% if true +%}  x  {% endif +%}\n")
C("ws_plus_var_left", "a  {{+ 1 }}")
C("ws_plus_comment_left", "a  {#+ c #}  b")
C("ws_var_minus_is_not_op", "{{ 3 -}}|{{- 3 }}")
C("ws_var_minus_space_expr", "{{ 5 - 1 -}} |")
C("ws_strip_tabs_newlines", "x\t\n \t{{- 'y' -}}\n\t z")
C("ws_set_block_strip", "{%- set x -%}\n  v  \n{%- endset -%}\n[{{ x }}]")
C("ws_macro_strip", "{%- macro m() -%}\n  body\n{%- endmacro -%}\n[{{ m() }}]")
C("ws_newline_after_block_kept", "{% if true %}\nyes\n{% endif %}\n")
C("ws_leading_spaces_block_kept", "  {% if true %}x{% endif %}")
C("ws_only_whitespace_output", "  {{ '' }}  ")
C("ws_minus_end_raw_right", "{% raw -%}   x   {%- endraw %}")
C("ws_multiple_strips", "{{- 'a' -}} {{- 'b' -}} {%- if true -%} c {%- endif -%}")
C("ws_trailing_newline_after_var", "{{ 'x' }}\n")
C("ws_strip_to_start", "   \n  {%- if true %}a{% endif %}")

# ---------------------------------------------------------------- globals
C("glob_range_stop", "{{ range(5)|list }}")
C("glob_range_start_stop", "{{ range(2, 5)|list }}")
C("glob_range_step", "{{ range(0, 10, 3)|list }}")
C("glob_range_neg_step", "{{ range(5, 0, -1)|list }}")
C("glob_range_empty", "{{ range(0)|list }}")
C("glob_range_empty_backwards", "{{ range(5, 2)|list }}")
C("glob_range_zero_step_error", "{{ range(1, 5, 0) }}")
C("glob_range_float_error", "{{ range(1.5) }}")
C("glob_range_index", "{{ range(10)[3] }}|{{ range(10)[-1] }}")
C("glob_range_in", "{{ 5 in range(10) }}")
C("glob_range_slice", "{{ range(10)[2:5]|list }}")
C("glob_dict", "{{ dict(a=1, b=2) }}")
C("glob_dict_empty", "{{ dict() }}")
C("glob_dict_access", "{{ dict(x='y').x }}")
C("glob_dict_from_pairs", "{{ dict([('a', 1)]) }}")
C("glob_lipsum_wordcount", "{{ lipsum(1, false, 5, 6)|wordcount }}")
C("glob_lipsum_paragraphs", "{{ lipsum(3, false).split('\n\n')|length }}")
C("glob_lipsum_html", "{{ lipsum(2).startswith('<p>') }} {{ lipsum(2).count('<p>') }}")
C("glob_lipsum_default_is_string", "{{ lipsum() is string }} {{ lipsum()|wordcount >= 20 }}")
C("glob_lipsum_ends_period", "{{ lipsum(1, false).endswith('.') }}")
C("glob_cycler", "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}")
C("glob_cycler_current", "{% set c = cycler(1, 2, 3) %}{{ c.current }}{{ c.next() }}{{ c.current }}")
C("glob_cycler_reset", "{% set c = cycler('x', 'y') %}{{ c.next() }}{{ c.next() }}{% set _ = c.reset() %}{{ c.next() }}")
C("glob_cycler_in_loop", "{% set c = cycler('r', 'g', 'b') %}{% for i in range(5) %}{{ c.next() }}{% endfor %}")
C("glob_cycler_items", "{{ cycler(1, 2).items }}")
C("glob_joiner", "{% set j = joiner(', ') %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}")
C("glob_joiner_default", "{% set j = joiner() %}{% for x in 'abc' %}{{ j() }}{{ x }}{% endfor %}")
C("glob_joiner_first_empty", "[{{ joiner('-')() }}]")
C("glob_namespace", "{% set ns = namespace(a=1, b='x') %}{{ ns.a }}{{ ns.b }}")
C("glob_namespace_from_dict", "{% set ns = namespace({'k': 'v'}) %}{{ ns.k }}")
C("glob_namespace_dict_and_kw", "{% set ns = namespace({'k': 1}, k=2) %}{{ ns.k }}")
C("glob_namespace_item_access", "{% set ns = namespace(a=5) %}{{ ns['a'] }}")
C("glob_namespace_in_macro", "{% set ns = namespace(n=0) %}{% macro inc() %}{% set ns.n = ns.n + 1 %}{% endmacro %}{{ inc() }}{{ inc() }}{{ ns.n }}")
C("glob_namespace_loop_last_match", "{% set ns = namespace(last=none) %}{% for u in users if u.active %}{% set ns.last = u.name %}{% endfor %}{{ ns.last }}", {"users": USERS})
C("glob_shadowed_by_context", "{{ range }}", {"range": "ctx-range"})
C("glob_shadowed_by_set", "{% set range = 4 %}{{ range + 1 }}")

# ---------------------------------------------------------------- str methods
C("meth_upper", "{{ 'abc'.upper() }}")
C("meth_lower", "{{ 'ABC'.lower() }}")
C("meth_strip", "[{{ '  a  '.strip() }}]")
C("meth_strip_chars", "{{ 'xxaxx'.strip('x') }}")
C("meth_lstrip", "[{{ '  a  '.lstrip() }}]")
C("meth_rstrip", "[{{ '  a  '.rstrip() }}]")
C("meth_rstrip_chars", "{{ 'a.txt..'.rstrip('.') }}")
C("meth_split", "{{ 'a b  c'.split() }}")
C("meth_split_sep", "{{ 'a,b,,c'.split(',') }}")
C("meth_split_maxsplit", "{{ 'a,b,c'.split(',', 1) }}")
C("meth_split_index", "{{ 'k=v'.split('=')[1] }}")
C("meth_rsplit", "{{ 'a.b.c'.rsplit('.', 1) }}")
C("meth_splitlines", "{{ 'a\nb\n'.splitlines() }}")
C("meth_replace", "{{ 'hello'.replace('l', 'L') }}")
C("meth_replace_count", "{{ 'hello'.replace('l', 'L', 1) }}")
C("meth_startswith", "{{ 'hello'.startswith('he') }}")
C("meth_startswith_tuple", "{{ 'hello'.startswith(('x', 'h')) }}")
C("meth_endswith", "{{ 'hello'.endswith('lo') }}")
C("meth_join", "{{ '-'.join(['a', 'b', 'c']) }}")
C("meth_join_str", "{{ ', '.join('xyz') }}")
C("meth_join_int_error", "{{ ','.join([1, 2]) }}")
C("meth_format", "{{ '{} and {}'.format('a', 'b') }}")
C("meth_format_named", "{{ '{x}-{y}'.format(x=1, y=2) }}")
C("meth_format_spec", "{{ '{:>5}|{:<5}|{:^5}|{:.2f}|{:05d}|{:,}'.format('a', 'b', 'c', 3.14159, 42, 1234567) }}")
C("meth_format_index", "{{ '{1}{0}'.format('a', 'b') }}")
C("meth_title", "{{ \"o'neil's hello-world\".title() }}")
C("meth_capitalize", "{{ 'hELLO'.capitalize() }}")
C("meth_count", "{{ 'banana'.count('a') }}")
C("meth_find", "{{ 'hello'.find('l') }}|{{ 'hello'.find('z') }}")
C("meth_rfind", "{{ 'hello'.rfind('l') }}")
C("meth_index_str", "{{ 'hello'.index('e') }}")
C("meth_zfill", "{{ '42'.zfill(5) }}|{{ '-42'.zfill(5) }}")
C("meth_center", "[{{ 'ab'.center(6, '*') }}]")
C("meth_ljust_rjust", "[{{ 'a'.ljust(3) }}|{{ 'a'.rjust(3, '.') }}]")
C("meth_isdigit", "{{ '123'.isdigit() }}{{ '12a'.isdigit() }}")
C("meth_isalpha", "{{ 'abc'.isalpha() }}")
C("meth_isupper_islower", "{{ 'AB'.isupper() }}{{ 'ab'.islower() }}")
C("meth_swapcase", "{{ 'aBc'.swapcase() }}")
C("meth_partition", "{{ 'k=v=w'.partition('=') }}")
C("meth_encode_error_free_len", "{{ 'héllo'.encode('utf-8')|length }}")
C("meth_str_on_var", "{{ s.upper() }}", {"s": "ctx"})
C("meth_removeprefix", "{{ 'prefix-x'.removeprefix('prefix-') }}")
C("meth_unknown_method_undefined", "[{{ 'a'.nope }}]")
C("meth_unknown_method_call", "{{ 'a'.nope() }}")

# ---------------------------------------------------------------- dict / list methods
C("meth_dict_items", "{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}", {"d": {"a": 1, "b": 2}})
C("meth_dict_keys", "{{ d.keys()|list }}", {"d": {"a": 1, "b": 2}})
C("meth_dict_values", "{{ d.values()|list }}", {"d": {"a": 1, "b": 2}})
C("meth_dict_keys_repr", "{{ d.keys() }}", {"d": {"a": 1, "b": 2}})
C("meth_dict_items_repr", "{{ d.items() }}", {"d": {"a": 1}})
C("meth_dict_values_repr", "{{ d.values() }}", {"d": {"a": [1]}})
C("meth_dict_get", "{{ d.get('a') }}", {"d": {"a": 1}})
C("meth_dict_get_missing", "{{ d.get('z') }}", {"d": {"a": 1}})
C("meth_dict_get_default", "{{ d.get('z', 'dflt') }}", {"d": {"a": 1}})
C("meth_dict_len_keys", "{{ d.keys()|length }}", {"d": {"a": 1, "b": 2}})
C("meth_dict_update", "{% set d = {'a': 1} %}{{ d.update({'b': 2}) }}{{ d }}")
C("meth_dict_pop", "{% set d = {'a': 1, 'b': 2} %}{{ d.pop('a') }}{{ d }}")
C("meth_dict_copy", "{{ d.copy() }}", {"d": {"a": 1}})
C("meth_list_index", "{{ l.index('b') }}", {"l": ["a", "b", "c"]})
C("meth_list_count", "{{ l.count(1) }}", {"l": [1, 2, 1, 1]})
C("meth_list_append", "{% set l = [1] %}{% set _ = l.append(2) %}{{ l }}")
C("meth_list_extend", "{% set l = [1] %}{% set _ = l.extend([2, 3]) %}{{ l }}")
C("meth_list_pop", "{% set l = [1, 2, 3] %}{{ l.pop() }}{{ l }}")
C("meth_list_insert", "{% set l = [1, 3] %}{% set _ = l.insert(1, 2) %}{{ l }}")
C("meth_list_ctx_index", "{{ [10, 20, 30].index(30) }}")
C("meth_tuple_count", "{{ (1, 1, 2).count(1) }}")

# ---------------------------------------------------------------- misc expression cases
C("misc_string_concat_numbers", "{{ 'n' ~ 1 + 2 }}")
C("misc_var_names", "{{ _a }}{{ a1 }}{{ A }}", {"_a": 1, "a1": 2, "A": 3})
C("misc_unicode_ident", "{{ café }}", {"café": "ok"})
C("misc_text_with_braces", "a { b } c {{ '{' }} }}")
C("misc_single_brace_percent", "100% { not a tag }")
C("misc_html", "<p class=\"x\">{{ v }}</p>", {"v": "<b>&</b>"})
C("misc_nested_data", "{{ cfg.servers[1].ports|join(':') }}", {"cfg": {"servers": [{"ports": [1]}, {"ports": [80, 443]}]}})
C("misc_bool_arith", "{{ true + true }}")
C("misc_bool_mul_str", "{{ 'x' * true }}")
C("misc_compare_list_none_eq", "{{ [none] == [none] }}")
C("misc_tuple_compare", "{{ (1, 2) == [1, 2] }}")
C("misc_dict_eq", "{{ {'a': 1} == {'a': 1} }}")
C("misc_float_int_eq_key", "{{ {1: 'one'}[1.0] }}")
C("misc_neg_index_str", "{{ 'hello'[-1] }}")
C("misc_expression_spanning_lines", "{{ 1 +\n 2 +\n 3 }}")
C("misc_tag_spanning_lines", "{% if\n true\n %}ok{% endif %}")
C("misc_list_of_dict_sorted_print", "{{ users|sort(attribute='name')|map(attribute='age')|list }}", {"users": USERS})
C("misc_int_str_mul", "{{ '-' * 10 }}")
C("misc_large_loop_sum", "{% set ns = namespace(t=0) %}{% for i in range(1000) %}{% set ns.t = ns.t + i * i %}{% endfor %}{{ ns.t }}")
C("misc_escape_in_str_literal_braces", "{{ '{{ not a var }}' }}")
C("misc_percent_in_str_literal", "{{ '{% not a tag %}' }}")
C("misc_comment_in_str_literal", "{{ '{# not a comment #}' }}")
C("misc_filter_arg_expression", "{{ 'abc'|replace('b', 'x' ~ 'y') }}")
C("misc_test_on_filtered", "{{ 'ABC'|lower is lower }}")
C("misc_method_on_filtered", "{{ ('a,b'|upper).split(',') }}")
C("misc_is_defined_chain", "{{ d.a is defined and d.a.b is defined }}", {"d": {"a": {"b": 1}}})
C("misc_in_operator_precedence", "{{ 1 + 1 in [2] }}")
C("misc_not_in_with_filter", "{{ 'A'|lower not in 'abc' }}")
C("misc_cond_in_filter_arg", "{{ 'x'|center(5 if true else 1) }}")
C("misc_subscript_with_expr", "{{ l[1 + 1] }}", {"l": [0, 1, 2]})
C("misc_attr_on_call_result", "{{ dict(a=dict(b=2)).a.b }}")
C("misc_string_mod_tuple_var", "{{ '%s:%s' % t }}", {"t": ["a", "b"]})
C("misc_tilde_precedence", "{{ 1 + 2 ~ 3 * 2 }}")
C("misc_compare_str_int_ne", "{{ '1' != 1 }}")
C("misc_big_float_int_compare", "{{ 2 ** 53 + 1 == 2.0 ** 53 + 1 }}")
C("misc_int_overflow_to_float_error", "{{ 10 ** 400 * 1.0 }}")
C("misc_markup_concat", "{{ ('<'|e) ~ ('>'|e) }}")
C("misc_list_in_list", "{{ [1] in [[1], [2]] }}")

# ---------------------------------------------------------------- templates with a loader
BASE = "<html>{% block title %}Base{% endblock %}|{% block body %}B{% endblock %}</html>"
C("load_extends_override", "{% extends 'base.html' %}{% block title %}Child{% endblock %}", loader={"base.html": BASE})
C("load_extends_super", "{% extends 'base.html' %}{% block body %}[{{ super() }}]{% endblock %}", loader={"base.html": BASE})
C("load_extends_text_outside_blocks_ignored", "{% extends 'base.html' %}ignored{% block title %}T{% endblock %}ignored", loader={"base.html": BASE})
C("load_extends_multilevel", "{% extends 'mid.html' %}{% block body %}child+{{ super() }}{% endblock %}",
  loader={"base.html": BASE, "mid.html": "{% extends 'base.html' %}{% block body %}mid+{{ super() }}{% endblock %}"})
C("load_extends_context", "{% extends 'b' %}{% block x %}{{ v }}{% endblock %}", {"v": "ctx"}, loader={"b": "<{% block x %}{% endblock %}>"})
C("load_extends_set_outside_block", "{% extends 'b' %}{% set v = 'top' %}{% block x %}{{ v }}{% endblock %}", loader={"b": "<{% block x %}{% endblock %}>"})
C("load_extends_self", "{% extends 'b' %}{% block x %}X{% endblock %}", loader={"b": "{% block x %}{% endblock %}/{{ self.x() }}"})
C("load_extends_missing", "{% extends 'nope.html' %}", loader={"base.html": BASE})
C("load_extends_variable", "{% extends parent %}{% block title %}V{% endblock %}", {"parent": "base.html"}, loader={"base.html": BASE})
C("load_extends_nested_blocks", "{% extends 'b' %}{% block inner %}I2{% endblock %}", loader={"b": "{% block outer %}O[{% block inner %}I{% endblock %}]{% endblock %}"})
C("load_extends_required_block_missing", "{% extends 'b' %}", loader={"b": "{% block r required %}{% endblock %}"})
C("load_extends_required_block_given", "{% extends 'b' %}{% block r %}R{% endblock %}", loader={"b": "[{% block r required %}{% endblock %}]"})
C("load_extends_scoped_block", "{% extends 'b' %}{% block item %}<{{ i }}>{% endblock %}", loader={"b": "{% for i in [1, 2] %}{% block item scoped %}{% endblock %}{% endfor %}"})
C("load_extends_twice_error", "{% extends 'b' %}{% extends 'b' %}", loader={"b": "x"})
C("load_include", "a{% include 'inc' %}b", {"v": 1}, loader={"inc": "[{{ v }}]"})
C("load_include_sees_set", "{% set w = 'W' %}{% include 'inc' %}", loader={"inc": "{{ w }}"})
C("load_include_without_context", "{% set w = 'W' %}{% include 'inc' without context %}", {"v": 1}, loader={"inc": "[{{ w }}{{ v }}]"})
C("load_include_loop_var", "{% for i in [1, 2] %}{% include 'inc' %}{% endfor %}", loader={"inc": "<{{ i }}>"})
C("load_include_missing", "{% include 'nope' %}", loader={"inc": "x"})
C("load_include_ignore_missing", "a{% include 'nope' ignore missing %}b", loader={"inc": "x"})
C("load_include_list", "{% include ['nope', 'inc'] %}", loader={"inc": "found"})
C("load_include_trailing_newline", "a{% include 'inc' %}b", loader={"inc": "x\n"})
C("load_include_set_not_leaked", "{% include 'inc' %}[{{ z }}]", loader={"inc": "{% set z = 1 %}"})
C("load_import_macro", "{% import 'm' as m %}{{ m.hi('x') }}", loader={"m": "{% macro hi(n) %}hi {{ n }}{% endmacro %}"})
C("load_import_variable", "{% import 'm' as m %}{{ m.val }}", loader={"m": "{% set val = 42 %}"})
C("load_from_import", "{% from 'm' import hi, bye as b %}{{ hi() }}{{ b() }}", loader={"m": "{% macro hi() %}H{% endmacro %}{% macro bye() %}B{% endmacro %}"})
C("load_from_import_missing_name", "{% from 'm' import nope %}{{ nope() }}", loader={"m": "{% macro hi() %}H{% endmacro %}"})
C("load_import_no_context", "{% set v = 'outer' %}{% import 'm' as m %}[{{ m.show() }}]", {"v": "ctx"}, loader={"m": "{% macro show() %}{{ v }}{% endmacro %}"})
C("load_import_with_context", "{% set v = 'outer' %}{% import 'm' as m with context %}[{{ m.show() }}]", loader={"m": "{% macro show() %}{{ v }}{% endmacro %}"})
C("load_import_private_name", "{% from 'm' import _p %}", loader={"m": "{% macro _p() %}{% endmacro %}"})
C("load_import_output_discarded", "{% import 'm' as m %}[{{ m.x }}]", loader={"m": "text output {% set x = 1 %}"})
C("load_import_missing", "{% import 'nope' as m %}", loader={"m": ""})

# ---- found by the random tester (scripts/difftest), kept as regression cases
C("tester_groupby_item_slice", "{% for g in [1]|groupby('city', default=0) %}{{ g[1::2] }}|{{ g[0] }}{% endfor %}")
C("tester_groupby_tojson", "{{ [true, false]|groupby('age', default=0)|tojson }}")
C("tester_markup_upper_stays_markup", "{{ ['%(a)s'|tojson(2)|upper, '<a>'|forceescape|lower, ' <a> '|forceescape|trim] }}")
C("tester_markup_method_is_method", "{{ 'it\\'s'|forceescape|attr('upper')|length > 0 }}")
C("tester_percent_s_bigint", "{% set v = '%s'|format(10 ** 5000) %}")
C("tester_folded_inf_inside_filter", "{{ '%s'|format((9223372036854775808 * 1e300))|reject('none')|list }}")
C("tester_folded_inf_written", "{% set x = 1e400 %}{{ x }}")
C("tester_loop_filter_is_lazy", "{% for k, x in {'k': 1, 'j': [2]}.items() if x is lessthan(2) %}{{ -3.__len__() }}{% endfor %}")
C("tester_complex_format", "{{ '{:.3}'.format((-2.25 ** 0.5), 1) }}|{{ '{:+.2f}'.format((-2.25) ** 0.5) }}|{{ '{:>20}'.format((-1) ** 0.5) }}")

C("tester_unknown_filter_keyword_standin", "{{ 's' if 1|string.format(1, x=2) else 'n' }}")
C("tester_unknown_test_keyword_standin_numbered", "{{ 1 if x is nosuch(y=1) else 2 }}{{ 1|upper }}", {"x": 7})
C("tester_unknown_filter_numbered_with_folded", "{{ 1 if 1|zz(k=1) else 2 }}{{ 2|aa if 0 else 1 }}")
C("tester_dictsort_cycler_items_tuple", "{% set c = cycler('a', 'b') %}{% for x in c|dictsort %}{% endfor %}")
C("tester_frame_store_first_undefined", "{% for x0 in [1] %}{% for x1 in [true] if true %}{{ c }}{% endfor %}{% set c = 1 %}{{ c }}{% endfor %}", {"c": 0.125})
C("tester_frame_store_first_nested_frames", "{% filter trim %}{% set t | trim %}{% with w = c %}[{{ w }}]{% endwith %}{% endset %}{{ t }}{% set c = 2 %}{% endfilter %}", {"c": True})
C("tester_frame_enclosing_mention_aliases", "{% set c = 5 %}{% for i in [1, 2] %}{{ c }}{% set c = i %}{{ c }}{% endfor %}{{ c }}")
C("tester_frame_macro_load_then_store", "{% macro m() %}{{ x }}{% set x = 2 %}{{ x }}{% endmacro %}{{ m() }}", {"x": 7})
C("tester_abs_of_complex", "{{ (-2.25 ** 0.5)|abs }}")
C("tester_xmlattr_plain_without_autoescape", "{{ {{}|xmlattr: 1} }}|{{ {'a': 1}|xmlattr }}")
C("tester_striptags_unclosed_tag_kept", "{% filter striptags %}{% for x in '<b>' %}{{ loop.previtem }}{%- endfor %}{% endfilter %}|{{ 'a <b>x</b> <!-- c --> &amp;  y <z'|striptags }}")
C("tester_globals_dict_range_are_classes", "{{ dict }}|{{ range }}|{{ dict['a'] }}|{{ (dict['a']).foo }}")
C("tester_symbols_read_from_unfolded_tree", "{% macro k() %}<{{ caller() }}>{% endmacro %}{% call k() %}{% for x in c %}{{ x }}{% endfor %}{% endcall %}{% if 1 or c %}{% endif %}{% set c = 'z' %}", {"c": "ab"})
C("tester_xmlattr_key_not_text", "{{ {3: 0}|xmlattr }}")
C("tester_generic_alias_called", "{{ type([3, 1, 2]).get('a', 5) }}")
C("tester_upper_test_titlecase", "{{ s|select('upper')|join }}|{{ 'ǅ' is upper }}|{{ 'ǅ' is lower }}", {"s": "ǅAb"})
C("tester_markup_object_type_repr", "{{ (true and 1|e or 's').get('a') }}")
C("tester_group_tuple_arithmetic", "{{ [[1, 2], [3]]|groupby('age', default=0)|min * 2 }}")
C("tester_group_tuple_reflected_comparison", "{% for g in [{'a': 'x'}]|groupby('a') %}{{ (1, 2) > g }}{% endfor %}")
C("tester_group_tuple_reflected_max", "{{ [(1, 2), [{'a': 'x'}]|groupby('a')|first]|max }}")
C("tester_group_tuple_concatenated_to_list", "{{ [1] + [0.5, -1]|groupby('age', default=0)|max }}")
C("tester_group_tuple_named_on_its_side", "{% for g in [1]|groupby('age', default=0) %}{{ g / divmod(1, 1) }}{% endfor %}")
C("tester_group_tuple_times_group_tuple", "{% for g in [1]|groupby('age', default=0) %}{{ g * g }}{% endfor %}")
C("format_comma_grouping_refused_for_binary", "{{ '{:,b}'.format(5) }}")
C("format_comma_grouping_refused_for_hex", "{{ '{:,x}'.format(255) }}")
C("format_underscore_grouping_for_hex", "{{ '{:_X}'.format(2**40) }} {{ '{:_b}'.format(37) }} {{ '{:_o}'.format(4096) }}")
C("format_comma_grouping_for_n_refused", "{{ '{:,n}'.format(5) }}")
EXPECTED_NCASES_MIN = 650


# ================================================================= recording
def record_case(case):
    loader = jinja2.DictLoader(case["loader"]) if "loader" in case else None
    env = jinja2.Environment(loader=loader)
    out = dict(case)
    try:
        tmpl = env.from_string(case["template"])
        out["output"] = tmpl.render(json.loads(json.dumps(case["context"])))
    except Exception as exc:  # noqa: BLE001 - every exception is a recorded result
        lineno = getattr(exc, "lineno", None)
        out["error"] = {
            "type": type(exc).__name__,
            "message": str(exc),
            "lineno": lineno if isinstance(lineno, int) else None,
        }
    return out


# ================================================================= coverage
STATEMENTS = [
    "if", "elif", "else (if)", "for", "for-else", "for-if filter", "for tuple unpacking",
    "recursive for / loop()", "loop.index", "loop.index0", "loop.revindex", "loop.revindex0",
    "loop.first", "loop.last", "loop.length", "loop.cycle", "loop.depth", "loop.depth0",
    "loop.previtem", "loop.nextitem", "loop.changed", "set", "set tuple unpacking",
    "block set", "block set with filter", "set namespace attribute", "macro",
    "macro defaults", "macro varargs", "macro kwargs", "macro caller", "call block",
    "call block with arguments", "filter block", "with", "raw", "comment", "autoescape",
    "block", "extends", "include", "import", "from import",
    "ws {{-", "ws -}}", "ws {%-", "ws -%}", "ws {#-", "ws -#}", "ws {%+", "ws +%}",
    "ws {{+", "ws {#+",
]
OPERATORS = [
    "+", "-", "*", "/", "//", "%", "**", "~", "unary -", "unary +", "==", "!=", "<", "<=",
    ">", ">=", "chained comparison", "and", "or", "not", "in", "not in", "is", "is not",
    "conditional with else", "conditional without else", "attribute", "subscript",
    "dot integer index", "slice", "slice with step", "negative index", "call positional",
    "call keyword", "call *args", "call **kwargs", "filter", "parentheses",
]
LITERALS = [
    "int", "int with underscores", "hex int", "octal int", "binary int", "float",
    "float with exponent", "string", "string single-quoted", "string double-quoted", "string escapes",
    "implicit string concatenation", "list", "tuple", "dict", "True/False/None",
    "true/false/none", "big int", "inf", "-0.0",
]
METHODS = [
    "str.upper", "str.lower", "str.strip", "str.split", "str.replace", "str.startswith",
    "str.endswith", "str.join", "str.format", "str.title", "str.capitalize", "str.count",
    "str.find", "str.lstrip", "str.rstrip", "str.zfill", "str.center", "dict.items",
    "dict.keys", "dict.values", "dict.get", "list.index", "list.count",
]
GLOBALS = sorted(jinja2.defaults.DEFAULT_NAMESPACE)
ERRORS = [
    "TemplateSyntaxError", "TemplateAssertionError", "UndefinedError", "TypeError",
    "ZeroDivisionError", "ValueError", "TemplateRuntimeError", "FilterArgumentError",
    "TemplateNotFound",
]

FILTER_ARG_FUNCS = {"select", "reject", "selectattr", "rejectattr", "map"}


def _const_str(node):
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def receiver_type(node, context, ast):
    """'str', 'dict', 'list' or 'tuple' when the receiver's type is evident, else None."""
    if isinstance(node, nodes.Const):
        node_value = node.value
    elif isinstance(node, nodes.List):
        return "list"
    elif isinstance(node, nodes.Tuple):
        return "tuple"
    elif isinstance(node, nodes.Dict):
        return "dict"
    elif isinstance(node, nodes.Name):
        if node.name in context:
            node_value = context[node.name]
        else:  # a name set in the template from a literal
            for a in ast.find_all(nodes.Assign):
                if isinstance(a.target, nodes.Name) and a.target.name == node.name:
                    return receiver_type(a.node, {}, ast)
            return None
    else:
        return None
    for t, name in ((str, "str"), (dict, "dict"), (list, "list"), (tuple, "tuple")):
        if isinstance(node_value, t):
            return name
    return None


def features_of(case):
    """The set of coverage keys the case exercises, from its AST and source."""
    src = case["template"]
    keys = set()
    env = jinja2.Environment()
    try:
        ast = env.parse(src)
    except jinja2.TemplateSyntaxError:
        return keys
    try:
        raw_tokens = list(env.lex(src))  # keeps comments, raw blocks, whitespace
        tokens = [(t.lineno, t.type, t.value) for t in env.lexer.tokenize(src)]
    except jinja2.TemplateSyntaxError:
        raw_tokens, tokens = [], []
    # ---- filters and tests (including names passed as strings to select/map/...)
    for f in ast.find_all(nodes.Filter):
        keys.add(("filter", f.name))
        if f.name in FILTER_ARG_FUNCS:
            args = f.args
            if f.name in ("selectattr", "rejectattr"):
                if len(args) >= 2 and _const_str(args[1]):
                    keys.add(("test", args[1].value))
            elif f.name == "map":
                if args and _const_str(args[0]):
                    keys.add(("filter", args[0].value))
            elif args and _const_str(args[0]):
                keys.add(("test", args[0].value))
    for t in ast.find_all(nodes.Test):
        keys.add(("test", t.name))
        if t.name == "filter" and _const_str(t.node):
            keys.add(("filter", t.node.value))
        if t.name == "test" and _const_str(t.node):
            keys.add(("test", t.node.value))
    # ---- statements
    for n in ast.find_all(nodes.If):
        keys.add(("stmt", "if"))
        if n.elif_:
            keys.add(("stmt", "elif"))
        if n.else_:
            keys.add(("stmt", "else (if)"))
    for n in ast.find_all(nodes.For):
        keys.add(("stmt", "for"))
        if n.else_:
            keys.add(("stmt", "for-else"))
        if n.test is not None:
            keys.add(("stmt", "for-if filter"))
        if isinstance(n.target, nodes.Tuple):
            keys.add(("stmt", "for tuple unpacking"))
        if n.recursive:
            keys.add(("stmt", "recursive for / loop()"))
    for n in ast.find_all(nodes.Getattr):
        if isinstance(n.node, nodes.Name) and n.node.name == "loop":
            keys.add(("stmt", "loop." + n.attr))
    for n in ast.find_all(nodes.Assign):
        if isinstance(n.target, nodes.NSRef):
            keys.add(("stmt", "set namespace attribute"))
        else:
            keys.add(("stmt", "set"))
            if isinstance(n.target, nodes.Tuple):
                keys.add(("stmt", "set tuple unpacking"))
    for n in ast.find_all(nodes.AssignBlock):
        keys.add(("stmt", "block set"))
        if n.filter is not None:
            keys.add(("stmt", "block set with filter"))
        if isinstance(n.target, nodes.NSRef):
            keys.add(("stmt", "set namespace attribute"))
    for n in ast.find_all(nodes.Macro):
        keys.add(("stmt", "macro"))
        if n.defaults:
            keys.add(("stmt", "macro defaults"))
        names = {x.name for x in n.find_all(nodes.Name)}
        if "varargs" in names:
            keys.add(("stmt", "macro varargs"))
        if "kwargs" in names:
            keys.add(("stmt", "macro kwargs"))
        if "caller" in names:
            keys.add(("stmt", "macro caller"))
    for n in ast.find_all(nodes.CallBlock):
        keys.add(("stmt", "call block"))
        if n.args:
            keys.add(("stmt", "call block with arguments"))
    for n, k in ((nodes.FilterBlock, "filter block"), (nodes.With, "with"),
                 (nodes.ScopedEvalContextModifier, "autoescape"), (nodes.Block, "block"),
                 (nodes.Extends, "extends"), (nodes.Include, "include"),
                 (nodes.Import, "import"), (nodes.FromImport, "from import")):
        if any(True for _ in ast.find_all(n)):
            keys.add(("stmt", k))
    if any(tt == "raw_begin" for _, tt, _ in raw_tokens):
        keys.add(("stmt", "raw"))
    if any(tt == "comment_begin" for _, tt, _ in raw_tokens):
        keys.add(("stmt", "comment"))
    # whitespace-control marks, looked for in the source outside raw blocks
    no_raw = re.sub(r"\{%[-+]?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*[-+]?%\}", "", src, flags=re.S)
    for mark in ("{{-", "-}}", "{%-", "-%}", "{#-", "-#}", "{%+", "+%}", "{{+", "{#+"):
        if mark in no_raw:
            keys.add(("stmt", "ws " + mark))
    # ---- operators
    opmap = {nodes.Add: "+", nodes.Sub: "-", nodes.Mul: "*", nodes.Div: "/",
             nodes.FloorDiv: "//", nodes.Mod: "%", nodes.Pow: "**", nodes.Concat: "~",
             nodes.Neg: "unary -", nodes.Pos: "unary +", nodes.And: "and", nodes.Or: "or",
             nodes.Not: "not", nodes.Getattr: "attribute", nodes.Filter: "filter"}
    for cls, k in opmap.items():
        if any(True for _ in ast.find_all(cls)):
            keys.add(("op", k))
    cmpmap = {"eq": "==", "ne": "!=", "lt": "<", "lteq": "<=", "gt": ">", "gteq": ">=",
              "in": "in", "notin": "not in"}
    for n in ast.find_all(nodes.Compare):
        for o in n.ops:
            keys.add(("op", cmpmap[o.op]))
        if len(n.ops) > 1:
            keys.add(("op", "chained comparison"))
    for n in ast.find_all(nodes.Test):
        keys.add(("op", "is"))
    for n in ast.find_all(nodes.Not):
        if isinstance(n.node, nodes.Test) and re.search(r"\bis\s+not\b", src):
            keys.add(("op", "is not"))
    for n in ast.find_all(nodes.CondExpr):
        keys.add(("op", "conditional with else" if n.expr2 is not None else "conditional without else"))
    for n in ast.find_all(nodes.Getitem):
        if isinstance(n.arg, nodes.Slice):
            keys.add(("op", "slice"))
            if n.arg.step is not None:
                keys.add(("op", "slice with step"))
        else:
            keys.add(("op", "subscript"))
            if isinstance(n.arg, nodes.Neg):
                keys.add(("op", "negative index"))
    if any(tt == "dot" for _, tt, _ in tokens):
        for i in range(len(tokens) - 1):
            if tokens[i][1] == "dot" and tokens[i + 1][1] == "integer":
                keys.add(("op", "dot integer index"))
    for n in ast.find_all(nodes.Call):
        if n.args:
            keys.add(("op", "call positional"))
        if n.kwargs:
            keys.add(("op", "call keyword"))
        if n.dyn_args is not None:
            keys.add(("op", "call *args"))
        if n.dyn_kwargs is not None:
            keys.add(("op", "call **kwargs"))
        if isinstance(n.node, nodes.Getattr):
            recv = receiver_type(n.node.node, case["context"], ast)
            if recv:
                keys.add(("meth", "%s.%s" % (recv, n.node.attr)))
        if isinstance(n.node, nodes.Name) and n.node.name == "loop":
            keys.add(("stmt", "recursive for / loop()"))
    if any(tt == "lparen" for _, tt, _ in tokens):
        keys.add(("op", "parentheses"))
    # ---- globals
    for n in ast.find_all(nodes.Name):
        if n.name in jinja2.defaults.DEFAULT_NAMESPACE and n.ctx == "load":
            keys.add(("global", n.name))
    # ---- literals (from the lexer's token values)
    for _, tt, val in tokens:
        if tt == "integer":
            keys.add(("lit", "int"))
        elif tt == "float":
            keys.add(("lit", "float"))
        elif tt == "string":
            keys.add(("lit", "string"))
        elif tt == "name" and val in ("True", "False", "None"):
            keys.add(("lit", "True/False/None"))
        elif tt == "name" and val in ("true", "false", "none"):
            keys.add(("lit", "true/false/none"))
    for n in ast.find_all(nodes.List):
        keys.add(("lit", "list"))
    for n in ast.find_all(nodes.Tuple):
        if n.ctx == "load":
            keys.add(("lit", "tuple"))
    for n in ast.find_all(nodes.Dict):
        keys.add(("lit", "dict"))
    # source-level literal spellings, only inside expression tags
    raw_exprs = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", src, re.S))
    if re.search(r"\b\d+(_\d+)+\b", raw_exprs):
        keys.add(("lit", "int with underscores"))
    if re.search(r"\b0[xX][0-9a-fA-F_]+", raw_exprs):
        keys.add(("lit", "hex int"))
    if re.search(r"\b0[oO][0-7_]+", raw_exprs):
        keys.add(("lit", "octal int"))
    if re.search(r"\b0[bB][01_]+", raw_exprs):
        keys.add(("lit", "binary int"))
    if re.search(r"\b\d[\d_]*(\.\d[\d_]*)?[eE][+-]?\d", raw_exprs):
        keys.add(("lit", "float with exponent"))
    if any(tt == "string" for _, tt, _ in tokens):
        if re.search(r'"', raw_exprs):
            keys.add(("lit", "string double-quoted"))
        if re.search(r"'", raw_exprs):
            keys.add(("lit", "string single-quoted"))
    if re.search(r"\\[ntx'\"\\u]", raw_exprs):
        keys.add(("lit", "string escapes"))
    for i in range(len(tokens) - 1):
        if tokens[i][1] == "string" and tokens[i + 1][1] == "string":
            keys.add(("lit", "implicit string concatenation"))
    return keys


def output_features(rec):
    keys = set()
    out = rec.get("output")
    if out is None:
        keys.add(("error", rec["error"]["type"]))
        return keys
    tmpl = rec["template"]
    if re.search(r"\*\*\s*100|10\s*\*\*\s*30", tmpl) or (out.strip().lstrip("-").isdigit() and len(out.strip()) > 19):
        keys.add(("lit", "big int"))
    if out.strip() in ("inf", "-inf"):
        keys.add(("lit", "inf"))
    if out.strip() == "-0.0":
        keys.add(("lit", "-0.0"))
    return keys




def build_coverage(records):
    ok_by_key = {}
    any_by_key = {}
    for rec in records:
        feats = features_of(rec) | output_features(rec)
        for k in feats:
            any_by_key.setdefault(k, []).append(rec["name"])
            if "output" in rec:
                ok_by_key.setdefault(k, []).append(rec["name"])

    sections = [
        ("Filters (`jinja2.filters.FILTERS`)", "filter", sorted(jinja2.filters.FILTERS), True),
        ("Tests (`jinja2.tests.TESTS`)", "test", sorted(jinja2.tests.TESTS), True),
        ("Globals (`jinja2.defaults.DEFAULT_NAMESPACE`)", "global", GLOBALS, True),
        ("Statements, loop variables and whitespace control", "stmt", STATEMENTS, True),
        ("Operators and expression forms", "op", OPERATORS, True),
        ("Literals and printed value forms", "lit", LITERALS, True),
        ("Methods of str / dict / list", "meth", METHODS, True),
        ("Recorded error types", "error", ERRORS, True),
    ]
    missing = []
    lines = [
        "# Jinja2 corpus coverage",
        "",
        "Generated by `record_corpus.py` from `corpus.json` (Jinja2 %s); do not edit by hand."
        % jinja2.__version__,
        "Each template is parsed with Jinja2 itself and its AST walked (filters, tests, statements,",
        "operators, globals, method calls); raw blocks, comments, whitespace-control marks and",
        "literal spellings are found in the source. Names passed as strings to",
        "`select`/`reject`/`selectattr`/`rejectattr`/`map` or tested with `is filter`/`is test` count.",
        "A method call counts for `str.`/`dict.`/`list.` when its receiver's type is evident (a literal,",
        "a context value, or a name set from a literal). `big int`, `inf` and `-0.0` are read from outputs.",
        "",
        "Columns: `ok` = cases that render successfully and use the item (at least one is required),",
        "`err` = cases using it that record an error. Up to 6 case names are listed.",
        "",
        "Total cases: %d (%d with output, %d with error)." % (
            len(records), sum(1 for r in records if "output" in r),
            sum(1 for r in records if "error" in r)),
        "",
    ]
    for title, kind, items, required in sections:
        lines += ["## " + title, "", "| item | ok | err | cases |", "|---|---|---|---|"]
        for item in items:
            key = (kind, item)
            if kind == "error":
                ok = any_by_key.get(key, [])
                err = ok
                names = ok
                n_ok, n_err = 0, len(err)
                covered = bool(err)
            else:
                ok = ok_by_key.get(key, [])
                allc = any_by_key.get(key, [])
                n_ok, n_err = len(ok), len(allc) - len(ok)
                names = ok + [n for n in allc if n not in ok]
                covered = bool(ok)
            shown = ", ".join("`%s`" % n for n in names[:6]) + (" …" if len(names) > 6 else "")
            lines.append("| `%s` | %d | %d | %s |" % (item.replace("|", "\\|"), n_ok, n_err, shown or "**MISSING**"))
            if required and not covered:
                missing.append("%s %s" % (kind, item))
        lines.append("")
    return "\n".join(lines), missing


def main():
    records = [record_case(c) for c in CASES]
    problems = []
    if len(records) < EXPECTED_NCASES_MIN:
        problems.append("only %d cases (< %d)" % (len(records), EXPECTED_NCASES_MIN))
    addr = re.compile(r"0x[0-9a-fA-F]{6,}|object at ")
    for r in records:
        text = r.get("output") if "output" in r else r["error"]["message"]
        if addr.search(text):
            problems.append("non-deterministic text in %s: %r" % (r["name"], text))
    with open(os.path.join(HERE, "corpus.json"), "w", encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    cov, missing = build_coverage(records)
    with open(os.path.join(HERE, "coverage.md"), "w", encoding="utf-8") as fh:
        fh.write(cov + "\n")
    n_err = sum(1 for r in records if "error" in r)
    print("wrote corpus.json: %d cases (%d errors) and coverage.md" % (len(records), n_err))
    for m in missing:
        problems.append("not covered by a successful case: " + m)
    if problems:
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

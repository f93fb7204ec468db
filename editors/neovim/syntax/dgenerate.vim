" Syntax for dgenerate config scripts (.dgen): directives, options and values, strings,
" environment references, comments, version lines, continuations and embedded Jinja2.
if exists('b:current_syntax') | finish | endif

syntax match dgenerateComment /^\s*#.*$/ contains=dgenerateVersion
syntax match dgenerateVersion /^#!\s*dgenerate\s\+\d\+\.\d\+\.\d\+\s*$/ contained
syntax match dgenerateTailComment /\s\zs#.*$/
syntax match dgenerateEscape /\\[#"'\\ntrbf$]/
syntax match dgenerateContinuation /\\\s*$/
syntax match dgenerateDirective /^\s*\zs\\[A-Za-z_][A-Za-z0-9_]*/
syntax match dgenerateOption /\(^\|\s\)\zs--\?[A-Za-z][A-Za-z0-9-]*\ze\(=\|\s\|$\)/
syntax match dgenerateNumber /\(^\|\s\)\zs-\?\d\+\(\.\d\+\)\?\ze\(\s\|$\)/
syntax match dgenerateSize /\(^\|\s\)\zs\d\+x\d\+\ze\(\s\|$\)/
syntax match dgenerateEnvironment /\$\h\w*\|\${\h\w*}\|%\h\w*%/
syntax region dgenerateString start=/"/ skip=/\\./ end=/"\|$/ contains=dgenerateEscape,dgenerateEnvironment,dgenerateJinjaExpression,dgenerateJinjaStatement
syntax region dgenerateString start=/'/ end=/'\|$/ contains=dgenerateJinjaExpression,dgenerateJinjaStatement

syntax region dgenerateJinjaComment start=/{#/ end=/#}/
syntax region dgenerateJinjaExpression matchgroup=dgenerateJinjaDelimiter start=/{{[-+]\?/ end=/[-+]\?}}/ contains=@dgenerateJinja
syntax region dgenerateJinjaStatement matchgroup=dgenerateJinjaDelimiter start=/{%[-+]\?/ end=/[-+]\?%}/ contains=@dgenerateJinja,dgenerateJinjaKeyword
syntax keyword dgenerateJinjaKeyword contained for endfor in if elif else endif set endset macro endmacro call endcall filter endfilter with endwith block endblock import from as raw endraw do break continue
syntax keyword dgenerateJinjaOperatorWord contained and or not is in if else
syntax keyword dgenerateJinjaConstant contained true false none True False None
syntax match dgenerateJinjaNumber /\<\d\+\(\.\d\+\)\?\>/ contained
syntax region dgenerateJinjaString start=/'/ skip=/\\./ end=/'/ contained
syntax region dgenerateJinjaString start=/"/ skip=/\\./ end=/"/ contained
syntax match dgenerateJinjaFilter /|\s*\zs\h\w*/ contained
syntax cluster dgenerateJinja contains=dgenerateJinjaOperatorWord,dgenerateJinjaConstant,dgenerateJinjaNumber,dgenerateJinjaString,dgenerateJinjaFilter

highlight default link dgenerateComment Comment
highlight default link dgenerateTailComment Comment
highlight default link dgenerateVersion PreProc
highlight default link dgenerateEscape SpecialChar
highlight default link dgenerateContinuation Special
highlight default link dgenerateDirective Statement
highlight default link dgenerateOption Identifier
highlight default link dgenerateNumber Number
highlight default link dgenerateSize Number
highlight default link dgenerateEnvironment PreProc
highlight default link dgenerateString String
highlight default link dgenerateJinjaComment Comment
highlight default link dgenerateJinjaDelimiter Delimiter
highlight default link dgenerateJinjaKeyword Keyword
highlight default link dgenerateJinjaOperatorWord Operator
highlight default link dgenerateJinjaConstant Constant
highlight default link dgenerateJinjaNumber Number
highlight default link dgenerateJinjaString String
highlight default link dgenerateJinjaFilter Function

let b:current_syntax = 'dgenerate'

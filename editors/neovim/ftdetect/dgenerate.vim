" dgenerate config scripts: *.dgen, and files whose first line is a dgenerate shebang.
autocmd BufRead,BufNewFile *.dgen setfiletype dgenerate
autocmd BufRead,BufNewFile * if getline(1) =~# '^#!.*\<dgenerate\>' | setfiletype dgenerate | endif

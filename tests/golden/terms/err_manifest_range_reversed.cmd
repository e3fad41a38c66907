cd "$TALLY_TMP" && rm -rf mr && mkdir mr && printf 'hello there world\n' >mr/a.txt && printf 'id,path,start,end\nx,a.txt,5,2\n' >mr/manifest.csv && tally terms mr

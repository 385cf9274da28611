# Sourced by the benchmarks. bench_corpus PAGES COMMITS prints the folder
# of a prepared corpus: bench/gen_corpus.py's site (generated once, kept
# under build/bench/) with a site.yaml and two vocabularies added
# (untracked; they are configuration, not pages). Progress goes to stderr.
bench_corpus() {
	c=$PWD/build/bench/history-corpus-$1-$2
	if [ "$(git -C "$c" rev-list --count HEAD 2>/dev/null)" != "$2" ]; then
		rm -rf "$c"
		mkdir -p build/bench
		echo "generating the $1-page corpus (once) ..." >&2
		python3 bench/gen_corpus.py "$c" --pages "$1" --commits "$2" >&2 || return 2
	fi
	cat >"$c/site.yaml" <<'YAML'
title: 效能測試
base_url: https://bench.example/
agency:
  name: 效能測試署
  code: A11000000F
YAML
	mkdir -p "$c/classification"
	for f in theme cake; do
		for k in 100 200 300 400 500 600 700 800 900; do
			printf '%s\t代碼%s\t\n' $k $k
		done >"$c/classification/$f.tsv"
	done
	echo "$c"
}

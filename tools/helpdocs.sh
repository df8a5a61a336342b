#!/bin/sh
# helpdocs.sh - the man pages and the bash completion, made from the help
# that gongkai itself prints.
#
#   sh tools/helpdocs.sh man BIN DIR      DIR/gongkai.1 and DIR/gongkai-CMD.1
#   sh tools/helpdocs.sh completion BIN   the bash completion, on stdout
#
# 'BIN --help' lists the commands and 'BIN CMD --help' describes each, so
# a page or a completion never says other than the program: there is no
# second copy of the help to keep in step.  POSIX sh and awk.  A command
# that prints no help, or help of another layout, stops the build.
set -eu
LC_ALL=C
export LC_ALL
tools=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "helpdocs.sh: $*" >&2
	exit 1
}

# The commands of 'BIN --help': one "NAME<tab>summary" line each, a
# summary continued on the next lines joined into one.
commands() {
	"$1" --help | awk '
		/^commands:$/ { on = 1; next }
		on && /^$/ { exit }
		on && /^  [a-z]/ {
			if (name != "") print name "\t" summary
			name = $1
			summary = substr($0, index($0, $1) + length($1))
			sub(/^ +/, "", summary)
			next
		}
		on { s = $0; sub(/^ +/, "", s); summary = summary " " s }
		END { if (name != "") print name "\t" summary }'
}

# BIN CMD --help, checked: exit status 0 and the usage line first.
help_of() {
	out=$("$1" "$2" --help) || die "'$1 $2 --help' failed"
	case $out in
	"usage: gongkai $2"*) printf '%s\n' "$out" ;;
	*) die "'$1 $2 --help' does not start with 'usage: gongkai $2'" ;;
	esac
}

# The date of the pages: $SOURCE_DATE_EPOCH (reproducible builds), else
# the last commit's, else none.
page_date() {
	if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
		date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d 2>/dev/null ||
			date -u -r "$SOURCE_DATE_EPOCH" +%Y-%m-%d
	else
		git -C "$tools/.." log -1 --format=%cs 2>/dev/null || true
	fi
}

# What gongkai is, in one line: the sentence after the usage of --help.
summary() {
	"$1" --help | awk '
		NR > 1 && /^$/ { if (s != "") exit; next }
		NR > 1 && !/^ / { s = s (s == "" ? "" : " ") $0 }
		END { sub(/\.$/, "", s); print tolower(substr(s, 1, 1)) substr(s, 2) }'
}

man_pages() {
	bin=$1 dir=$2
	list=$(commands "$bin")
	[ -n "$list" ] || die "'$bin --help' lists no commands"
	version=$("$bin" --version | sed 's/^gongkai //')
	date=$(page_date)
	names=$(printf '%s\n' "$list" | cut -f1)
	mkdir -p "$dir"
	all=
	for c in $names; do all="$all gongkai-$c"; done
	# gongkai(1): the top-level help.
	top=$("$bin" --help)
	summary=$(summary "$bin")
	printf '%s\n' "$top" | awk -f "$tools/help2roff.awk" -v name=gongkai \
		-v summary="$summary" -v version="$version" -v date="$date" \
		-v see="${all# }" >"$dir/gongkai.1.tmp"
	mv -f "$dir/gongkai.1.tmp" "$dir/gongkai.1"
	printf '%s\n' "$list" | while IFS='	' read -r c summary; do
		help_of "$bin" "$c" | awk -f "$tools/help2roff.awk" -v name="gongkai-$c" \
			-v summary="$summary" -v version="$version" -v date="$date" \
			-v see=gongkai >"$dir/gongkai-$c.1.tmp"
		mv -f "$dir/gongkai-$c.1.tmp" "$dir/gongkai-$c.1"
	done
}

# What completion needs of one command's help, as lines
#   sub WORD           a subcommand (calendar status)
#   opt OPTION         an option
#   val OPTION WORD..  the values an option takes (--format text json csv)
#   arg OPTION KIND    an option's argument: dir, file or none (not guessable)
# from the usage lines and the options' terms.
facts() {
	awk -v cmd="$1" '
		function kind(meta) {
			if (meta ~ /^(DIR|OUTDIR)$/) return "dir"
			if (meta ~ /^(DB|FILE|MAP|FILE\..*)$/) return "file"
			return "none"
		}
		function word(w) { gsub(/[][()]/, "", w); sub(/\.\.\.$/, "", w); sub(/,$/, "", w); return w }
		# One run of words: an option is followed by its argument, if any.
		function words(s, first,    w, n, i, x, y, v) {
			n = split(s, w, " ")
			for (i = first; i <= n; i++) {
				x = word(w[i])
				if (x !~ /^-/) continue
				sub(/=.*/, "", x)
				print "opt " x
				# "[--coverage] [RULE]": the bracket closes before the word
				y = i < n && w[i] !~ /[])]/ ? word(w[i + 1]) : ""
				if (y == "" || y ~ /^-/ || y == "|") continue
				if (y ~ /\|/) {
					v = y
					gsub(/\|/, " ", v)
					print "val " x " " v
				} else {
					print "arg " x " " kind(y)
				}
			}
		}
		NR == 1 || (usage && /^ /) {
			usage = 1
			s = $0
			sub(/^usage: /, "", s)
			if (s ~ /^ *gongkai /) {
				split(s, w, " ")
				if (w[3] ~ /^[a-z]+$/) print "sub " w[3]
				words(s, 3)
			} else {
				words(s, 1)
			}
			next
		}
		{ usage = 0 }
		# an option item: its term, indented by 2 to 4 spaces
		match($0, /^ +/) && RLENGTH <= 4 && substr($0, RLENGTH + 1, 1) == "-" {
			s = $0
			sub(/^ +/, "", s)
			p = index(s, "  ")
			if (p) s = substr(s, 1, p - 1)
			words(s, 1)
		}' | sort -u
}

completion() {
	bin=$1
	list=$(commands "$bin")
	[ -n "$list" ] || die "'$bin --help' lists no commands"
	names=$(printf '%s\n' "$list" | cut -f1 | tr '\n' ' ')
	cat <<EOF
# bash completion for gongkai: commands, their options and the values of
# options such as --format.  Made from gongkai's own --help by
# tools/helpdocs.sh: edit the help text, not this.

_gongkai_commands="${names% }"

_gongkai()
{
	local cur=\${COMP_WORDS[COMP_CWORD]} prev= cmd= n=0 i w
	local opts= subs= vals= arg=
	((COMP_CWORD > 0)) && prev=\${COMP_WORDS[COMP_CWORD-1]}
	# --format=json: bash splits at the '='
	if [[ \$cur == = ]]; then cur=; fi
	if [[ \$prev == = ]] && ((COMP_CWORD > 1)); then prev=\${COMP_WORDS[COMP_CWORD-2]}; fi
	# The command is the first word that is not an option; the words after
	# it that are not options count as its arguments.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=\${COMP_WORDS[i]}
		case \$w in
		--config|--busy-timeout|--lang) ((i++)) ;;
		-*|=) ;;
		*) if [[ -z \$cmd ]]; then cmd=\$w; else ((n++)); fi ;;
		esac
	done
	case \$prev in
	--config) COMPREPLY=(\$(compgen -f -- "\$cur")); return ;;
	--busy-timeout) COMPREPLY=(); return ;;
	--lang) COMPREPLY=(\$(compgen -W "zh en" -- "\$cur")); return ;;
	esac
	if [[ -z \$cmd ]]; then
		if [[ \$cur == -* ]]; then
			COMPREPLY=(\$(compgen -W "--help --version --config --busy-timeout --lang" -- "\$cur"))
		else
			COMPREPLY=(\$(compgen -W "\$_gongkai_commands help" -- "\$cur"))
		fi
		return
	fi
	case \$cmd in
	help)
		((n == 0)) && COMPREPLY=(\$(compgen -W "\$_gongkai_commands" -- "\$cur"))
		return ;;
EOF
	for c in $names; do
		help_of "$bin" "$c" | facts "$c" >"${TMPDIR:-/tmp}/gk-facts.$$"
		f="${TMPDIR:-/tmp}/gk-facts.$$"
		opts=$(awk '$1 == "opt" { printf "%s%s", s, $2; s = " " }' "$f")
		subs=$(awk '$1 == "sub" { printf "%s%s", s, $2; s = " " }' "$f")
		printf '\t%s)\n' "$c"
		printf '\t\topts="%s"\n' "--help --config --busy-timeout --lang${opts:+ $opts}"
		[ -z "$subs" ] || printf '\t\tsubs="%s"\n' "$subs"
		awk '
			$1 == "val" { v = $3; for (i = 4; i <= NF; i++) v = v " " $i; vals[$2] = v }
			$1 == "arg" && !($2 in args) { args[$2] = $3 }
			$1 == "val" || $1 == "arg" { if (!($2 in seen)) { seen[$2] = 1; o[++n] = $2 } }
			END {
				if (!n) exit
				print "\t\tcase $prev in"
				for (i = 1; i <= n; i++)
					print "\t\t" o[i] ") " (o[i] in vals ? "vals=\"" vals[o[i]] "\"" : "arg=" args[o[i]]) " ;;"
				print "\t\tesac"
			}' "$f"
		printf '\t\t;;\n'
		rm -f "$f"
	done
	cat <<'EOF'
	*) return ;;
	esac
	if [[ -n $vals ]]; then
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
	elif [[ $arg == dir ]]; then
		COMPREPLY=($(compgen -d -- "$cur"))
	elif [[ $arg == none ]]; then
		COMPREPLY=()
	elif [[ $arg == file ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ -n $subs ]] && ((n == 0)); then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _gongkai gongkai
EOF
}

case ${1:-} in
man) [ $# -eq 3 ] || die "usage: helpdocs.sh man BIN DIR"; man_pages "$2" "$3" ;;
completion) [ $# -eq 2 ] || die "usage: helpdocs.sh completion BIN"; completion "$2" ;;
*) die "usage: helpdocs.sh man BIN DIR | completion BIN" ;;
esac

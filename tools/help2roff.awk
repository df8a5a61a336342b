# help2roff.awk - one man page (roff, man macros) from a --help text.
#
#   awk -f help2roff.awk -v name=gongkai-run -v summary="..." -v version=0.1.0 \
#       -v date=2025-06-30 -v see="gongkai gongkai-runs" HELP.txt
#
# see: the pages of SEE ALSO, by name.
#
# The help texts of gongkai follow one layout, and this reads only that:
#
#   usage: gongkai CMD ...            the first paragraph: SYNOPSIS
#          gongkai CMD ...
#
#   Text, in paragraphs.              DESCRIPTION
#     TERM   description              an indented block: a tagged paragraph
#            continued                per TERM (options, values, statuses)
#   heading:                          a paragraph's first line, alone, ending in
#     TERM   description              ':' before an indented block (commands:)
#                                     starts a section
#   exit status: 0 ..., 2 ...         EXIT STATUS, with the rest of the line
#
# Run it with LC_ALL=C: columns are counted in bytes, as the help is
# aligned in ASCII.  Nothing of the help is left out, so what a page says
# is what --help says (tests/cli/test_install.sh compares the two).

# Text for roff: backslashes, hyphens and quotes as themselves (a '-' in
# "--db" must stay a minus to be copied into a shell), no line starting
# with a control character.
function esc(s,    out, c, i, n) {
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "\\") out = out "\\e"
		else if (c == "-") out = out "\\-"
		else if (c == "'") out = out "\\(aq"
		else if (c == "`") out = out "\\(ga"
		else if (c == "~") out = out "\\(ti"
		else if (c == "^") out = out "\\(ha"
		else out = out c
	}
	if (substr(out, 1, 1) == ".")
		out = "\\&" out
	return out
}

# A tagged paragraph's term: options and literal words bold, the
# placeholders (DIR, YYYY-MM-DD) italic.
function term(s,    w, n, i, out, x) {
	n = split(s, w, " ")
	out = ""
	for (i = 1; i <= n; i++) {
		x = w[i]
		if (x ~ /^[A-Z][A-Z0-9_.-]*$/)
			x = "\\fI" esc(x) "\\fR"
		else
			x = "\\fB" esc(x) "\\fR"
		out = out (i > 1 ? " " : "") x
	}
	return out
}

function indent(s) {
	match(s, /^ */)
	return RLENGTH
}

function trim(s) {
	sub(/^ +/, "", s)
	sub(/ +$/, "", s)
	return s
}

# A plain line of text.
function text(s) {
	if (pp && said) {
		print ".PP"
	}
	pp = 0
	said = 1
	print esc(trim(s))
}

function section(title) {
	print ".SH " (title ~ / / ? "\"" title "\"" : title)
	pp = 0
	said = 0
}

# The indented block of lines first..last: a tagged paragraph per line at
# the block's own indent; deeper lines continue the one before.  The
# description starts at the column of the continuations (or, without
# any, after the term's first run of two spaces).
function block(first, last,    i, ind, col, d, t, rest, p, w) {
	ind = indent(line[first])
	col = 0
	for (i = first; i <= last; i++) {
		d = indent(line[i])
		if (d > ind && (col == 0 || d < col))
			col = d
	}
	for (i = first; i <= last; i++) {
		if (indent(line[i]) > ind) {
			print esc(trim(line[i]))
			continue
		}
		rest = substr(line[i], ind + 1)
		if (col > ind && length(line[i]) > col && substr(line[i], col, 1) == " " &&
		    trim(substr(line[i], ind + 1, col - ind)) != "") {
			t = trim(substr(line[i], ind + 1, col - ind))
			rest = substr(line[i], col + 1)
		} else if ((p = index(rest, "  ")) > 0) {
			t = trim(substr(rest, 1, p - 1))
			rest = substr(rest, p)
		} else {
			t = trim(rest)
			rest = ""
		}
		# short terms (commands, statuses) keep the help's column
		w = col - ind
		print (w > 0 && w <= 12 ? ".TP " w : ".TP")
		print term(t)
		if (trim(rest) != "")
			print esc(trim(rest))
	}
	pp = 1
	said = 1
}

{ line[++n] = $0 }

END {
	print ".\\\" -*- coding: UTF-8 -*-"
	print ".\\\" Made from 'gongkai" (name == "gongkai" ? "" : " " substr(name, 9)) " --help' by tools/help2roff.awk: edit the help text, not this."
	print ".TH " toupper(name) " 1 \"" date "\" \"gongkai " version "\" \"gongkai manual\""
	print ".nh"
	print ".ad l"
	section("NAME")
	print esc(name) " \\- " esc(summary)

	# SYNOPSIS: the first paragraph, "usage: " taken off.
	section("SYNOPSIS")
	print ".nf"
	for (i = 1; i <= n && line[i] != ""; i++) {
		s = line[i]
		sub(/^usage: /, "", s)
		if (substr(s, 1, 7) == "       ")
			s = substr(s, 8)
		if (s ~ /^gongkai /) {
			w = split(s, parts, " ")
			lead = (parts[2] ~ /^[a-z]+$/) ? "gongkai " parts[2] : "gongkai"
			s = "\\fB" esc(lead) "\\fR" esc(substr(s, length(lead) + 1))
		} else {
			s = esc(s)
		}
		print s
	}
	print ".fi"

	section("DESCRIPTION")
	for (; i <= n; i++) {
		s = line[i]
		if (s == "") {
			pp = 1
		} else if (s ~ /^exit status:/) {
			section("EXIT STATUS")
			s = substr(s, length("exit status:") + 1)
			if (trim(s) != "")
				text(s)
		} else if (s ~ /^[a-z][a-z ]*:$/ && line[i - 1] == "" && line[i + 1] ~ /^  /) {
			section(toupper(substr(s, 1, length(s) - 1)))
		} else if (s ~ /^  /) {
			for (j = i; j + 1 <= n && line[j + 1] ~ /^  /; j++)
				;
			block(i, j)
			i = j
		} else {
			text(s)
		}
	}

	section("SEE ALSO")
	w = split(see, parts, " ")
	for (k = 1; k <= w; k++)
		print "\\fB" esc(parts[k]) "\\fR(1)" (k < w ? "," : "")
}

/*
 * finding.c - the finding model's rules (see finding.h).
 */
#include <stdio.h>
#include <string.h>

#include "finding.h"
#include "suggest.h"

const char *const gk_severity_names[GK_NSEVERITIES] = { "notice", "violation" };
const char *const gk_severity_labels[GK_NSEVERITIES] = { "提示", "违规" };

int gk_severity_lookup(const char *name)
{
	for (int i = 0; name && i < GK_NSEVERITIES; i++)
		if (strcmp(name, gk_severity_names[i]) == 0 || strcmp(name, gk_severity_labels[i]) == 0)
			return i;
	return -1;
}

/* The number of UTF-8 characters of a that occur in b. */
static int shared_chars(const char *a, const char *b)
{
	int n = 0;

	while (*a) {
		size_t len = 1;
		char ch[5];

		while (len < 4 && ((unsigned char)a[len] & 0xC0) == 0x80)
			len++;
		memcpy(ch, a, len);
		ch[len] = '\0';
		n += strstr(b, ch) != NULL;
		a += len;
	}
	return n;
}

const char *gk_severity_suggest(const char *name)
{
	static const char *const words[] = { "violation", "notice", "违规", "提示" };
	const char *best = NULL;
	int most = 0;

	if (!name || gk_severity_lookup(name) >= 0)
		return NULL;
	if ((best = gk_suggest(name, words, 4)))
		return best;
	/* Chinese words are a few characters of three bytes each: a byte
	 * distance finds none near; a shared character does (违法, 提醒). */
	for (int i = 2; i < 4; i++) {
		int n = shared_chars(words[i], name);

		if (n > most) {
			most = n;
			best = words[i];
		}
	}
	return best;
}

int gk_severity_threshold(const char *s)
{
	if (s && strcmp(s, "none") == 0)
		return GK_NSEVERITIES;
	return gk_severity_lookup(s);
}

enum gk_severity gk_finding_severity(const gk_finding *f)
{
	int s = f->severity ? gk_severity_lookup(f->severity) : -1;

	return s < 0 ? GK_SEV_VIOLATION : (enum gk_severity)s;
}

int gk_finding_is_due(const gk_finding *f)
{
	return f->status && strcmp(f->status, GK_STATUS_DUE_SOON) == 0;
}

/*
 * s as a finding stores it: at most GK_FINDING_TEXT_MAX bytes, cut between
 * characters and marked with "…" when longer, and never ending inside a
 * character (a message cut short by its buffer can).  s itself when it is
 * fine, else a copy in buf (GK_FINDING_TEXT_MAX + 1 bytes).
 */
static const char *capped(const char *s, char *buf)
{
	size_t n, lead, need;
	int cut;

	if (!s)
		return NULL;
	n = strnlen(s, GK_FINDING_TEXT_MAX + 1);
	cut = n > GK_FINDING_TEXT_MAX;
	if (cut)
		n = GK_FINDING_TEXT_MAX - strlen("…");
	/* The last character's lead byte, and whether all of it is there. */
	lead = n;
	while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)s[lead - 1] >= 0xc0) {
		unsigned char c = (unsigned char)s[lead - 1];

		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (n - (lead - 1) < need)
			n = lead - 1;
	}
	if (!cut && s[n] == '\0')
		return s;
	memcpy(buf, s, n);
	snprintf(buf + n, GK_FINDING_TEXT_MAX + 1 - n, "%s", cut ? "…" : "");
	return buf;
}

void gk_finding_cap(gk_finding *f, char (*bufs)[GK_FINDING_TEXT_MAX + 1])
{
	f->record_id = capped(f->record_id, bufs[0]);
	f->message = capped(f->message, bufs[1]);
	f->basis = capped(f->basis, bufs[2]);
	f->unit = capped(f->unit, bufs[3]);
	f->waiver = capped(f->waiver, bufs[4]);
}

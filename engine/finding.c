/*
 * finding.c - the finding model's rules (see finding.h).
 */
#include <stdio.h>
#include <string.h>

#include "finding.h"

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

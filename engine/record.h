/*
 * record.h - the record interchange schema (RECORDS.md) as data.
 *
 * One table describes every column: its name, the kinds it applies to, its
 * value type and, for enumerations, the canonical values with their Chinese
 * aliases.  The importer, the policy tests and the evaluator all read this
 * table; nothing else in gongkai spells a column name.
 */
#ifndef GK_RECORD_H
#define GK_RECORD_H

#include <stddef.h>

enum gk_kind {
	GK_KIND_INFO, GK_KIND_APPLICATION, GK_KIND_PENALTY, GK_KIND_MESSAGE,
	GK_KIND_DEMAND, GK_KIND_TASK, GK_KIND_EVENT,
	GK_NKINDS
};
#define GK_KIND_BIT(k) (1u << (k))
#define GK_KINDS_ALL ((1u << GK_NKINDS) - 1)

enum gk_field {
	GK_F_ID, GK_F_JURISDICTION, GK_F_KIND, GK_F_TITLE, GK_F_DOC_NUMBER,
	GK_F_CATALOG_ITEM, GK_F_ATTRIBUTE, GK_F_SECRECY, GK_F_PRODUCER,
	GK_F_APPROVER, GK_F_IMPLEMENTER, GK_F_PUBLISHER, GK_F_FORMED_ON,
	GK_F_CHANGED_ON, GK_F_RECEIVED_ON, GK_F_EXTENDED, GK_F_REPLIED_ON,
	GK_F_REMEDY_NOTICE, GK_F_HANDLED_ON, GK_F_DIRECT, GK_F_REVIEWER,
	GK_F_REVIEWED_ON, GK_F_PUBLISHED_ON, GK_F_CHANNELS, GK_F_ELEMENTS,
	GK_F_DUE_ON, GK_F_COMPLETED_ON, GK_F_EVENT_TYPE, GK_F_PERIOD,
	GK_F_HELD_ON, GK_F_SAMPLES, GK_F_BODY,
	/* format 2 */
	GK_F_REGISTERED_ON, GK_F_EXAMINED_ON, GK_F_DELIVERED_ON, GK_F_ARCHIVED_ON,
	GK_F_CORRECTION_REQUESTED_ON, GK_F_CORRECTED_ON, GK_F_CONSULT_SENT_ON,
	GK_F_CONSULT_REPLIED_ON, GK_F_ACTIVITY_ON,
	GK_NFIELDS
};

enum gk_type {
	GK_T_TEXT,      /* free text */
	GK_T_ID,        /* non-empty, no control characters, at most 200 bytes */
	GK_T_JURIS,     /* [a-z][a-z0-9_-]*, at most 64 bytes */
	GK_T_ENUM,      /* one of values[] (canonical or alias) */
	GK_T_ENUMLIST,  /* ';'-separated list of values[] */
	GK_T_LIST,      /* ';'-separated free-text list (elements) */
	GK_T_DATE,      /* YYYY-MM-DD, a real date */
	GK_T_FLAG,      /* 1/0, also true/false, yes/no, 是/否 */
	GK_T_INT,       /* non-negative integer */
	GK_T_PERIOD     /* YYYY or YYYY-MM */
};

typedef struct gk_enum_value {
	const char *name;     /* canonical, stored */
	const char *aliases;  /* NUL-separated, ending in an empty string */
} gk_enum_value;

typedef struct gk_field_def {
	const char *name;      /* column name as in RECORDS.md */
	const char *label;     /* Chinese label for messages */
	enum gk_type type;
	unsigned kinds;        /* GK_KIND_BIT mask of kinds it applies to */
	int required;
	const gk_enum_value *values; /* GK_T_ENUM / GK_T_ENUMLIST, NULL-terminated */
	const char *headers;   /* other Chinese headers spreadsheets give the
				* column (发布机构 for publisher), NUL-separated,
				* ending in an empty string */
} gk_field_def;

extern const gk_field_def gk_fields[GK_NFIELDS];
extern const char *const gk_kind_names[GK_NKINDS];

/* Field index by column name (exact, ASCII), or -1. */
int gk_field_lookup(const char *name, size_t len);

/*
 * Field index by a spreadsheet's header, or -1: the column name (ASCII
 * case ignored: "ID", "Title"), its Chinese label (索引号) or one of its
 * other headers (发布机构, 成文日期, 发布日期, ...).  Spaces around the
 * header, full-width ones too, are ignored.
 */
int gk_field_by_header(const char *name, size_t len);

/* Kind index by canonical name or alias, or -1. */
int gk_kind_lookup(const char *name, size_t len);

/*
 * Validate one cell of column f and write its canonical text into out
 * (NUL-terminated, at most outsz bytes including the NUL; values longer
 * than that are refused).  Leading and trailing ASCII spaces are trimmed.
 * Returns 0 when valid, 1 when the trimmed cell is empty (an absent value:
 * out is ""), or -1 when invalid with *problem set to a static
 * explanation (lowercase, says what is expected, e.g.
 * "'2020-02-30' is not a date: expected YYYY-MM-DD").  The problem text is
 * written into probbuf (probsz bytes) and *problem points at it.
 *
 * This checks the value alone; whether the column applies to the record's
 * kind is gk_field_applies().
 */
int gk_field_normalize(enum gk_field f, const char *in, size_t len,
		       char *out, size_t outsz,
		       char *probbuf, size_t probsz, const char **problem);

/* The Chinese name of a canonical enum value of field f (its first
 * alias), or the value itself when it has none. */
const char *gk_enum_label(enum gk_field f, const char *canonical);

/* 1 if column f may carry a value for kind k. */
int gk_field_applies(enum gk_field f, enum gk_kind k);

/* Comma-separated kind names of a field, for messages ("info, penalty"). */
void gk_field_kinds_text(enum gk_field f, char *buf, size_t bufsz);

#endif

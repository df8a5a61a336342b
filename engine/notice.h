/*
 * notice.h - the State Council's yearly holiday notice, read as published.
 *
 * 《国务院办公厅关于YYYY年部分节假日安排的通知》 arranges one year: one item
 * per festival (or festivals sharing one period), each with the days off and
 * the weekend days worked instead (调休).  The text is read as pasted from
 * the government website or a PDF: full-width or ASCII digits and
 * punctuation, any spaces, one item a paragraph.  An item reads like
 *
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）
 *   放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
 *   一、元旦：1月1日放假，与周末连休。      一、元旦：1月1日（周三）放假1天，不调休。
 *   六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。……
 *   四、劳动节：5月1日放假，5月2日（星期一）补休。
 *
 * A sentence that only advises (鼓励各单位……安排职工在除夕休息) arranges
 * nothing: it is kept in advice, to show, and not applied.
 *
 * Every weekday and lunar date in parentheses is checked against the date
 * it follows.  Any line that arranges days but cannot be read completely is
 * an error naming that line: a notice is applied whole or not at all.
 */
#ifndef GK_NOTICE_H
#define GK_NOTICE_H

#include "date.h"
#include "error.h"
#include "holidays.h"

#define GK_NOTICE_ITEMS 12
#define GK_NOTICE_DAYS 96
#define GK_NOTICE_WORKDAYS 24

typedef struct gk_notice_item {
	int line;                 /* where the item starts in the text */
	enum gk_festival fest[GK_NFESTIVALS];
	int nfest;
	gk_day from, to;          /* the days off, inclusive */
	int total;                /* 共N天 (or 放假N天); 0 when not stated */
	int joins_weekend;        /* 与周末连休 */
	gk_day extra[4];          /* days off in lieu after it (5月2日补休) */
	int nextra;
} gk_notice_item;

typedef struct gk_notice_day {
	gk_day day;
	enum gk_festival fest;    /* the festival it is named after */
	int line;
} gk_notice_day;

typedef struct gk_notice {
	int year;
	char title[256];          /* 国务院办公厅关于2026年部分节假日安排的通知 */
	char number[128];         /* 国办发明电〔2025〕7号, or "" */
	char url[512];            /* where it was published, or "" */
	gk_notice_item items[GK_NOTICE_ITEMS];
	int nitems;
	gk_notice_day holidays[GK_NOTICE_DAYS];   /* every day off, in order */
	int nholidays;
	gk_notice_day workdays[GK_NOTICE_WORKDAYS]; /* make-up working days */
	int nworkdays;
	char advice[512];         /* sentences that advise, not arrange (鼓励…) */
} gk_notice;

/*
 * Read a notice (len bytes of UTF-8 named name in messages) into *out.
 * GK_EINVAL with "NAME:LINE: problem" for anything it cannot read.
 */
int gk_notice_parse(const char *name, const char *text, size_t len, gk_notice *out,
		    gk_error *err);

/*
 * Check a parsed notice against the law of its year: each item's 共N天
 * adds up, every make-up working day is a Saturday or Sunday, no day is
 * given twice, every festival of the law has its item and every statutory
 * day of the year is a day off.  GK_EINVAL naming the line otherwise.
 */
int gk_notice_check(const char *name, const gk_notice *n, gk_error *err);

/* 1 when the notice makes day a rest day (a day off, or a weekend day it
 * does not turn into a working day); for days outside the notice the week
 * decides. */
int gk_notice_rest(const gk_notice *n, gk_day day);

#endif

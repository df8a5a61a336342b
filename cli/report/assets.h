/*
 * assets.h - files compiled into gongkai (cli/report/assets/, by tools/embed.c):
 * the HTML report's style sheet and script, edited as real CSS and
 * JavaScript.  Each is NUL-terminated; _len is its length.
 */
#ifndef GK_ASSETS_H
#define GK_ASSETS_H

extern const char cli_report_css[];
extern const unsigned long cli_report_css_len;
extern const char cli_report_js[];
extern const unsigned long cli_report_js_len;

#endif
